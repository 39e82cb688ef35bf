"""Event installations: kiosks, a stage wall, take-home pictures, moderation of public input, a day unattended."""
