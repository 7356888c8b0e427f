"""Site spiders; most sites need only a profile under spiders/profiles/."""
