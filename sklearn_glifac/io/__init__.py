"""Files on disk: FASTA sequences, label tables, ``.npz`` data sets, and one loader for them all.

Formats (the :ref:`inputs` page of the user guide lists every hostile input and what happens):

* FASTA, plain or gzip-compressed (detected from the content, not the name), UTF-8 with or
  without a byte-order mark, ``\\n`` or ``\\r\\n`` line endings, sequences on one or many lines.
  Parsed with Biopython's streaming ``SimpleFastaParser``. Lower-case (soft-masked) bases are
  read as upper case. ``N`` and the other IUPAC codes are an error naming the record and the
  position unless ``unknown="zero"`` (all-zero column) or ``unknown="uniform"`` (0.25 in every
  channel) asks for an encoding. Sequences of unequal length are an error naming the first
  record that differs unless ``length_policy="pad"`` (all-zero columns added at the 3' end, up
  to the longest sequence) or ``"trim"`` (bases cut from the 3' end, down to the shortest):
  :func:`read_fasta`, :func:`encode_sequences`, :func:`decode_onehot`, :func:`write_fasta`.
* Labels: a tab-separated table with a header; the first column holds the FASTA record names,
  every other column is one 0/1 task: :func:`read_labels`, :func:`write_labels`.
* Ground truth: a motif x motif TSV, motif names as header and first column:
  :func:`read_true_interactions`, :func:`write_true_interactions`.
* ``.npz``: ``X`` (uint8 one-hot, (n, 4, seq_len)), optionally ``y``, ``names``,
  ``target_names`` and the ground truth ``true_interactions`` / ``motif_names``:
  :func:`save_npz`, :func:`load_npz`.
* :func:`load_dataset`: sequences and labels from either source, in memory or streamed to a
  :class:`~sklearn_glifac.utils.OneHotStore`.
* Paths: :func:`existing_file` and :func:`check_writable` fail before any work starts; every
  malformed input raises :class:`InputError` (a ``ValueError``).

Fitted models are saved by :func:`sklearn_glifac.models.save_model` and read back by
:func:`sklearn_glifac.models.load_model`.
"""

from ._datasets import MAX_SEQ_LEN, STREAM_CHUNK_SIZE, load_dataset
from ._fasta import decode_onehot, encode_sequences, read_fasta, write_fasta
from ._labels import read_labels, write_labels
from ._npz import load_npz, save_npz
from ._paths import InputError, check_writable, existing_file
from ._truth import read_true_interactions, write_true_interactions

__all__ = [
    "InputError",
    "MAX_SEQ_LEN",
    "STREAM_CHUNK_SIZE",
    "check_writable",
    "decode_onehot",
    "encode_sequences",
    "existing_file",
    "load_dataset",
    "load_npz",
    "read_fasta",
    "read_labels",
    "read_true_interactions",
    "save_npz",
    "write_fasta",
    "write_labels",
    "write_true_interactions",
]
