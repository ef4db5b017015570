"""``sklearn-glifac generate``: a synthetic data set as .npz, FASTA, labels and ground truth."""

from __future__ import annotations

from ..datasets import make_motif_interactions
from ..io import check_writable, save_npz, write_fasta, write_labels, write_true_interactions
from ..motifs import write_meme


def _cmd_generate(args):
    out = check_writable(args.output_dir, what="--output-dir", directory=True)
    data = make_motif_interactions(
        args.n_samples,
        seq_len=args.seq_len,
        pair_rate="authors" if args.pair_rate is None else args.pair_rate,
        random_state=args.random_state,
    )
    names = [f"seq{i}" for i in range(len(data.X))]
    save_npz(
        out / "data.npz",
        data.X,
        data.y,
        names=names,
        target_names=data.target_names,
        true_interactions=data.true_interactions,
    )
    write_fasta(out / "sequences.fa", names, data.X)
    write_labels(out / "labels.tsv", names, data.y, data.target_names)
    write_true_interactions(out / "true_interactions.tsv", data.true_interactions)
    data.sites.to_csv(out / "sites.tsv", sep="\t", index=False)
    write_meme(data.motifs, out / "motifs.meme")
    print(
        f"wrote {len(names)} sequences of {args.seq_len} nt and "
        f"{len(data.target_names)} tasks to {out}/ (data.npz, sequences.fa, labels.tsv, "
        "true_interactions.tsv, sites.tsv, motifs.meme)",
    )
