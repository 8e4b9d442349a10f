"""REFI-QDA exchange with NVivo, ATLAS.ti, MAXQDA and QualCoder: codebooks (.qdc) and projects (.qdpx).

``export_qdc``/``import_qdc`` move a codebook; ``export_qdpx`` writes a coded run folder as a
project; ``import_qdpx`` turns a project coded by people into a human coding (gold) run folder.
Everything read goes through :mod:`miner.refi.safexml` and :mod:`miner.refi.archive`, which refuse
entity expansion, zip slip and zip bombs.
"""

from .qdc import export_qdc, import_qdc, qdc_bytes, read_qdc
from .qdpx_export import ExportSummary, export_qdpx
from .qdpx_import import ImportSummary, import_qdpx

__all__ = [
    "ExportSummary", "ImportSummary", "export_qdc", "export_qdpx", "import_qdc", "import_qdpx", "qdc_bytes",
    "read_qdc",
]
