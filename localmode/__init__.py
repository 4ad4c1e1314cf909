"""Local mode: the whole Customers service on 127.0.0.1, driven by template.yaml."""
