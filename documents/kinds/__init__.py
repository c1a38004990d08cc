"""Document kinds shipped with the documents app (one module + one template each)."""
