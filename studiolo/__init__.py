"""studiolo: a framework for virtual-human AI artists."""

__version__ = "0.1.0"
