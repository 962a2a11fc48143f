"""Round-trip test bench: render documents in the extraction layout, convert them, score.

`render` lays a structured description out exactly as the PDF extraction of the embedded
document is laid out and returns the truth; `generate` makes varied descriptions (seeded, and
as hypothesis strategies); `score` compares the converter's TEI with the truth per structure.
Nothing here ships with the converter.
"""
