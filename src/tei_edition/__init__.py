"""tei-edition: PDF-extracted speeches to a validated TEI P5 edition and its publications."""

__version__ = "0.1.0"

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
