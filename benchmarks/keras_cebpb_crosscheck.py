"""The authors' Keras network on the same arrays as ``cebpb_one_change.py`` (issue 16, item 5).

Port or data? This trains the GLIFAC authors' CNN20-Exp as their code builds it (rghotra/GLIFAC
``Code/models.py``: ``CNN_ATT`` with ``activation="exp"``, ``pool_size=20``, no BatchNorm or
LayerNorm before attention, 8 heads x 32, dense 512 without bias + BatchNorm + ReLU, dropout
0.1/0.1/0.5; the attention layer of p-koo/tfomics ``layers.py``, ``MultiHeadAttention``) with
their code's schedule (Adam 1e-3, batch 200, ReduceLROnPlateau on the validation loss, factor
0.2, patience 10, EarlyStopping on the validation loss, patience 15, best weights restored),
written here from those files, on the arrays ``cebpb_one_change.py --save-arrays`` wrote, capped
at the same 15 epochs. Per epoch it appends the validation AUPR of every task and pooled to
``benchmarks/results/cebpb_one_change.csv`` as variant ``keras_authors`` (``keras_qkv_bias`` with
``--qkv-bias``: tfomics' layer as published builds its Q/K/V ``Dense`` layers with Keras' default
bias, but the parameter count of the authors' CNN20-Exp run, 1,411,724 with 90,368 in the
attention layer, is that of projections without bias, which is what the library builds).

Needs TensorFlow 2.21 / Keras 3 in an environment of its own (never a dependency)::

    python -m venv /work/keras_env
    /work/keras_env/bin/pip install tensorflow-cpu==2.21.0 scikit-learn pandas
    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/cebpb_one_change.py \
        --save-arrays /tmp/cebpb_authors.npz
    /work/keras_env/bin/python benchmarks/keras_cebpb_crosscheck.py /tmp/cebpb_authors.npz --seed 0
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
OUT = Path(__file__).parent / "results" / "cebpb_one_change.csv"
# the task order of make_motif_interactions with the authors' motifs (alphabetical)
NAMES = ["CEBPB", "ELF1", "ESR1", "FOXN3", "GATA1", "IRF1", "NFIB", "SIX3", "SPI1", "TAL1",
         "TEAD1", "YY1"]  # fmt: skip


def build(tf, keras, seq_len, n_out, heads=8, size=32, qkv_bias=False):
    layers = keras.layers

    class Attention(layers.Layer):
        """Scaled dot-product multi-head self-attention with Q/K/V and output projections."""

        def __init__(self, d_model, n_heads):
            super().__init__()
            self.h, self.d = n_heads, d_model // n_heads
            # their run's summary (1,411,724 parameters; attention 90,368) has no Q/K/V bias
            self.wq, self.wk, self.wv = (layers.Dense(d_model, use_bias=qkv_bias) for _ in range(3))
            self.out = layers.Dense(d_model)

        def _split(self, x):
            b, n = tf.shape(x)[0], x.shape[1]
            return tf.transpose(tf.reshape(x, (b, n, self.h, self.d)), (0, 2, 1, 3))

        def call(self, x):
            q, k, v = self._split(self.wq(x)), self._split(self.wk(x)), self._split(self.wv(x))
            logits = tf.matmul(q, k, transpose_b=True) / tf.math.sqrt(float(self.d))
            att = tf.nn.softmax(logits, axis=-1)
            z = tf.transpose(tf.matmul(att, v), (0, 2, 1, 3))
            return self.out(tf.reshape(z, (tf.shape(x)[0], x.shape[1], self.h * self.d)))

    inputs = keras.Input((seq_len, 4))
    x = layers.Conv1D(32, 19, use_bias=False, padding="same")(inputs)
    x = layers.Lambda(tf.math.exp)(x)
    x = layers.MaxPool1D(20)(x)
    x = layers.Dropout(0.1)(x)
    x = Attention(heads * size, heads)(x)
    x = layers.Dropout(0.1)(x)
    x = layers.Flatten()(x)
    x = layers.Dense(512, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.Dropout(0.5)(x)
    return keras.Model(inputs, layers.Dense(n_out, activation="sigmoid")(x))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("arrays", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--qkv-bias", action="store_true", help="Q/K/V projections with bias")
    args = parser.parse_args(argv)
    import keras
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    keras.utils.set_random_seed(args.seed)
    a = np.load(args.arrays)
    X_tr, X_va = a["X_tr"].transpose(0, 2, 1), a["X_va"].transpose(0, 2, 1)  # (n, L, 4)
    y_tr, y_va = a["y_tr"].astype("float32"), a["y_va"].astype("float32")
    model = build(tf, keras, X_tr.shape[1], y_tr.shape[1], qkv_bias=args.qkv_bias)
    print("parameters:", model.count_params(), flush=True)  # 1,411,724 without Q/K/V bias
    variant = "keras_qkv_bias" if args.qkv_bias else "keras_authors"
    model.compile(keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
    rows, start = [], time.perf_counter()

    class PerEpoch(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            p = self.model.predict(X_va, batch_size=1000, verbose=0)
            row = {"variant": variant, "seed": args.seed, "epoch": epoch + 1,
                   "lr": float(self.model.optimizer.learning_rate)}  # fmt: skip
            for t, name in enumerate(NAMES):
                row[f"aupr_{name}"] = average_precision_score(y_va[:, t], p[:, t])
            row["aupr_pooled"] = average_precision_score(y_va.ravel(), p.ravel())
            row["aupr_mean"] = float(np.mean([row[f"aupr_{n}"] for n in NAMES]))
            rows.append(row)
            print(epoch + 1, "CEBPB", round(row["aupr_CEBPB"], 3), "TEAD1",
                  round(row["aupr_TEAD1"], 3), "pooled", round(row["aupr_pooled"], 3),
                  flush=True)  # fmt: skip

    callbacks = [
        PerEpoch(),
        keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.2, patience=10),
        keras.callbacks.EarlyStopping(monitor="val_loss", patience=15, restore_best_weights=True),
    ]
    model.fit(X_tr, y_tr, batch_size=200, epochs=args.epochs, validation_data=(X_va, y_va),
              callbacks=callbacks, verbose=0)  # fmt: skip
    p = model.predict(a["X_te"].transpose(0, 2, 1), batch_size=1000, verbose=0)
    y_te = a["y_te"]
    for r in rows:
        r["seconds"] = time.perf_counter() - start
        r["test_aupr_CEBPB"] = average_precision_score(y_te[:, 0], p[:, 0])
        r["test_aupr_pooled"] = average_precision_score(y_te.ravel(), p.ravel())
    pd.DataFrame(rows).to_csv(OUT, mode="a", header=not OUT.exists(), index=False)


if __name__ == "__main__":
    main()
