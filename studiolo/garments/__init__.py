"""From pattern to garment: mock-ups on garments, colourways and print-ready repeats.

Each step takes a PIL tile and parameters and returns images (or a file) and a params dict for the lineage, so
a skill wraps it in a few lines: `wear.wear`, `colourways.colourways` / `colourways.recolour`,
`print_export.export_print`. Import from the modules themselves; this package imports nothing, so the CLI can
name the garments and repeat styles without loading the rest.
"""
