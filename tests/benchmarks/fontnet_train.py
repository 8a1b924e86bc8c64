"""Train the learned font-property estimator (shared/extraction/typography/fontnet.py) in PyTorch and
export its weights for the numpy inference.

    /work/venvs/train/bin/python tests/benchmarks/fontnet_train.py [--lines /work/data/typography-train/lines.npz ...]
        [--validate] [--out shared/extraction/typography/data/fontnet.npz] [--epochs N]

The shipped file: the model trained as above on /work/data/typography-train/lines.npz, then fine-tuned
with the benchmark's faces on their own pages: --lines /work/data/typography-train/lines.npz
/work/data/typography-faces/lines-{0,1,2}.npz --init <that model> --epochs 2 --lr 1e-3.

Training only (torch is not a runtime dependency): python3 -m venv /work/venvs/train &&
/work/venvs/train/bin/pip install torch==2.13.0 numpy pillow. The lines come from
tests/benchmarks/typography_training.py (fonts disjoint from the benchmark's). Seeded and single-
threaded: the same lines give the same file.

--validate: leave-font-out. The faces are split into 5 folds (by a hash of the name); a model is
trained on 4 and judged on the lines of the held-out faces, for each fold. Printed per fold and
pooled: the em error (|log(predicted em / true em)|: median, p90, share within 3 % and 6 %) against
the font-blind constants of classify.EM_SHARE, the weight class (exact, within one class), the
family class per line and per (page, face, size) group pooled as the product pools a style.
Without --validate: one model on every face, written to --out.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import types
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# The typography package's own __init__ pulls in the product's image stack; its leaf modules (numpy
# and Pillow only) are all this needs, so the package is entered without running that __init__.
_pkg = types.ModuleType("shared.extraction.typography")
_pkg.__path__ = [str(ROOT / "shared" / "extraction" / "typography")]
sys.modules.setdefault("shared.extraction.typography", _pkg)

from shared.extraction.typography.classify import EM_SHARE  # noqa: E402
from shared.extraction.typography.fontnet import CLASSES, H, N_FEATURES, W, WEIGHTS  # noqa: E402

SEED = 7
CH = (8, 16, 32)
HIDDEN = 64


class FontNet(nn.Module):
    def __init__(self, n_faces: int = 0) -> None:
        super().__init__()
        chans = (1, *CH)
        self.convs = nn.ModuleList(nn.Conv2d(chans[i], chans[i + 1], 3, padding=1, stride=2 if i == 0 else 1)
                                   for i in range(3))
        flat = CH[-1] * (H // 8)
        self.d0 = nn.Linear(flat + N_FEATURES, HIDDEN)
        self.d1 = nn.Linear(HIDDEN, HIDDEN)
        self.em = nn.Linear(HIDDEN, 1)
        self.wt = nn.Linear(HIDDEN, len(WEIGHTS))
        self.fam = nn.Linear(HIDDEN, len(CLASSES))
        # The face identifier: one output per known face and a last one for any other face.
        self.face = nn.Linear(HIDDEN, n_faces + 1) if n_faces else None
        self.register_buffer("f_mean", torch.zeros(N_FEATURES))
        self.register_buffer("f_std", torch.ones(N_FEATURES))

    def forward(self, crops, widths, feats):
        z = self.trunk(crops, widths, feats)
        face = self.face(z) if self.face is not None else torch.zeros(z.shape[0], 1)
        return self.em(z)[:, 0], self.wt(z), self.fam(z), face

    def trunk(self, crops, widths, feats):
        """The shared features every head reads (the second dense layer's output)."""
        x = crops[:, None]
        x = torch.relu(self.convs[0](x))
        for conv in self.convs[1:]:
            x = torch.max_pool2d(torch.relu(conv(x)), 2)
        n, c, h, w = x.shape
        valid = (torch.arange(w)[None, :] < torch.clamp(torch.ceil(widths / 8.0), min=1)[:, None]).float()
        pooled = (x * valid[:, None, None, :]).sum(dim=3) / valid.sum(dim=1)[:, None, None]
        z = torch.cat([pooled.reshape(n, c * h), (feats - self.f_mean) / self.f_std], dim=1)
        return torch.relu(self.d1(torch.relu(self.d0(z))))


def load(paths: list[Path]) -> dict:
    parts = [np.load(p, allow_pickle=False) for p in paths]
    d = {k: np.concatenate([z[k] for z in parts]) for k in parts[0].files}
    keep = np.isin(d["weight"], WEIGHTS) & np.isin(d["cls"], CLASSES) & (d["asc"] > 0)
    d = {k: v[keep] for k, v in d.items()}
    d["target"] = np.log(d["em"] / d["asc"]).astype(np.float32)
    d["w_idx"] = np.searchsorted(WEIGHTS, d["weight"])
    d["c_idx"] = np.array([CLASSES.index(c) for c in d["cls"]])
    # Sanity: a line matched to the wrong truth line (a neighbour of another size) says nothing.
    d = {k: v[np.abs(d["target"] - np.median(d["target"])) < 0.9] for k, v in d.items()}
    return d


def fold_of(face: str, folds: int = 5) -> int:
    return int(hashlib.md5(face.encode()).hexdigest(), 16) % folds


def train(d: dict, idx: np.ndarray, epochs: int, log: bool = True, known: list[str] | None = None,
          init: Path | None = None, lr: float = 3e-3) -> FontNet:
    """`known`: the faces the identifier names (their lines' label; every other face's is the last class).
    `init`: start from an exported model's weights (fine-tuning; its input normalisation kept)."""
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    net = FontNet(len(known or ())) if init is None else load_net(init, len(known or ()))
    k_idx = torch.from_numpy(face_labels(d, known)[idx]) if known else None
    feats = torch.from_numpy(d["feat"][idx])
    if init is None:
        net.f_mean.copy_(feats.mean(0))
        net.f_std.copy_(feats.std(0).clamp(min=1e-3))
    crops = torch.from_numpy(d["crop"][idx].astype(np.float32) / 255.0)
    widths = torch.from_numpy(d["vw"][idx].astype(np.float32))
    target = torch.from_numpy(d["target"][idx])
    w_idx = torch.from_numpy(d["w_idx"][idx])
    c_idx = torch.from_numpy(d["c_idx"][idx])
    # Every face counts about the same, however many lines it set.
    faces, inv, counts = np.unique(d["face"][idx], return_inverse=True, return_counts=True)
    sw = torch.from_numpy((1.0 / np.sqrt(counts[inv])).astype(np.float32))
    sw = sw / sw.mean()
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=1e-4)
    batch = 256
    steps = epochs * int(np.ceil(idx.size / batch))
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.15)
    ce = nn.CrossEntropyLoss(reduction="none")
    for ep in range(epochs):
        order = torch.from_numpy(rng.permutation(idx.size))
        total = 0.0
        for s in range(0, idx.size, batch):
            b = order[s:s + batch]
            em, wl, fl, kl = net(crops[b], widths[b], feats[b])
            per = (10.0 * nn.functional.smooth_l1_loss(em, target[b], reduction="none", beta=0.05)
                   + ce(wl, w_idx[b]) + ce(fl, c_idx[b]))
            if k_idx is not None:
                per = per + ce(kl, k_idx[b])
            loss = (sw[b] * per).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach()) * b.numel()
        if log:
            print(f"  epoch {ep + 1}/{epochs}: loss {total / idx.size:.4f}", flush=True)
    return net


def face_labels(d: dict, known: list[str] | None) -> np.ndarray:
    """Each line's identifier class: its face's index in `known`, else len(known) ("another face")."""
    pos = {f: i for i, f in enumerate(known or ())}
    return np.array([pos.get(f, len(pos)) for f in d["face"]], np.int64)


@torch.no_grad()
def predict(net: FontNet, d: dict, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    net.eval()
    out = [net(torch.from_numpy(d["crop"][idx[s:s + 1024]].astype(np.float32) / 255.0),
               torch.from_numpy(d["vw"][idx[s:s + 1024]].astype(np.float32)),
               torch.from_numpy(d["feat"][idx[s:s + 1024]])) for s in range(0, idx.size, 1024)]
    em = torch.cat([o[0] for o in out]).numpy()
    wl = torch.log_softmax(torch.cat([o[1] for o in out]), 1).numpy()
    fl = torch.log_softmax(torch.cat([o[2] for o in out]), 1).numpy()
    kl = torch.log_softmax(torch.cat([o[3] for o in out]), 1).numpy()
    return em, wl, fl, kl


TABLE_KEY = {"ascender": "ascender", "capital": "capital", "none": "x"}


def table_em(d: dict, idx: np.ndarray, em: np.ndarray, kl: np.ndarray, known: list[str] | None, table: dict,
             confident: float) -> tuple[np.ndarray, np.ndarray]:
    """(em log-ratio, identified?): the identified face's own share of the em from its font file where
    the identifier is at least `confident` sure of a known face, the network's estimate elsewhere."""
    out, used = em.copy(), np.zeros(em.size, bool)
    if not known or kl.shape[1] != len(known) + 1:
        return out, used
    k = kl.argmax(1)
    p = np.exp(kl.max(1))
    for i, (ki, pi, tall) in enumerate(zip(k, p, d["tall"][idx])):
        if ki < len(known) and pi >= confident:
            share = table.get(known[ki], {}).get(TABLE_KEY.get(str(tall), "ascender"))
            if share:
                out[i], used[i] = np.log(1.0 / share), True
    return out, used


def report(d: dict, idx: np.ndarray, em: np.ndarray, wl: np.ndarray, fl: np.ndarray, label: str) -> dict:
    err = np.abs(em - d["target"][idx])
    share = np.array([EM_SHARE.get(t, 0.72) for t in d["tall"][idx]])
    base = np.abs(np.log(1.0 / share) - d["target"][idx])
    wpred = wl.argmax(1)
    wt = d["w_idx"][idx]
    fpred = fl.argmax(1)
    ct = d["c_idx"][idx]
    # Pooled as a style is: the lines of one face at one size on one image, log-probabilities summed.
    keys = np.array([f"{p}|{f}|{e:.1f}|{j}|{r}" for p, f, e, j, r in zip(d["page"][idx], d["face"][idx],
                                                                         d["em"][idx], d["jpeg"][idx], d["dpr"][idx])])
    uk, inv = np.unique(keys, return_inverse=True)
    pooled = np.zeros((uk.size, len(CLASSES)))
    np.add.at(pooled, inv, fl)
    gtrue = np.zeros(uk.size, int)
    gtrue[inv] = ct
    r = {"lines": idx.size, "faces": np.unique(d["face"][idx]).size,
         "em_med": np.median(err), "em_p90": np.percentile(err, 90), "em_in3": (err < np.log(1.03)).mean(),
         "em_in6": (err < np.log(1.06)).mean(), "base_med": np.median(base), "base_p90": np.percentile(base, 90),
         "base_in3": (base < np.log(1.03)).mean(), "base_in6": (base < np.log(1.06)).mean(),
         "w_exact": (wpred == wt).mean(), "w_near": (np.abs(wpred - wt) <= 1).mean(),
         "fam_line": (fpred == ct).mean(), "fam_group": (pooled.argmax(1) == gtrue).mean(), "groups": uk.size}
    for ci, c in enumerate(CLASSES):
        m = ct == ci
        r[f"fam_{c}"] = (fpred[m] == ci).mean() if m.any() else float("nan")
    print(f"{label}: {r['lines']} lines, {r['faces']} faces | em |log err| median {r['em_med']:.3f} p90 "
          f"{r['em_p90']:.3f}, within 3 % {r['em_in3']:.3f}, 6 % {r['em_in6']:.3f} (constants: {r['base_med']:.3f} / "
          f"{r['base_p90']:.3f} / {r['base_in3']:.3f} / {r['base_in6']:.3f}) | weight exact {r['w_exact']:.3f}, "
          f"±1 class {r['w_near']:.3f} | family per line {r['fam_line']:.3f} ("
          + ", ".join(f"{c} {r[f'fam_{c}']:.2f}" for c in CLASSES) + f"), pooled {r['fam_group']:.3f} "
          f"of {r['groups']} groups", flush=True)
    return r


def load_net(path: Path, n_faces: int = 0) -> FontNet:
    """A FontNet with the weights of an exported file (export's inverse; its face head kept when it has
    `n_faces` known faces, else dropped)."""
    net = FontNet(n_faces)
    with np.load(path) as z:
        p = {k: torch.from_numpy(z[k].astype(np.float32)) for k in z.files if k != "faces"}
    sd = {"f_mean": p["f.mean"], "f_std": p["f.std"]}
    if n_faces and "face.w" in p and p["face.w"].shape[0] == n_faces + 1:
        sd["face.weight"], sd["face.bias"] = p["face.w"], p["face.b"]
    for i in range(3):
        sd[f"convs.{i}.weight"], sd[f"convs.{i}.bias"] = p[f"c{i}.w"], p[f"c{i}.b"]
    for name in ("d0", "d1", "em", "wt", "fam"):
        sd[f"{name}.weight"], sd[f"{name}.bias"] = p[f"{name}.w"], p[f"{name}.b"]
    net.load_state_dict(sd, strict=False)
    return net


@torch.no_grad()
def trunk_features(net: FontNet, d: dict) -> np.ndarray:
    net.eval()
    n = d["em"].size
    return torch.cat([net.trunk(torch.from_numpy(d["crop"][s:s + 256].astype(np.float32) / 255.0),
                                torch.from_numpy(d["vw"][s:s + 256].astype(np.float32)),
                                torch.from_numpy(d["feat"][s:s + 256])) for s in range(0, n, 256)]).numpy()


def train_face_head(z: np.ndarray, d: dict, idx: np.ndarray, known: list[str], epochs: int = 40) -> nn.Linear:
    """The identifier alone on a trained network's fixed features (a linear layer, softmax), every face
    weighted as in `train`."""
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    head = nn.Linear(z.shape[1], len(known) + 1)
    x = torch.from_numpy(z[idx])
    y = torch.from_numpy(face_labels(d, known)[idx])
    _, inv, counts = np.unique(d["face"][idx], return_inverse=True, return_counts=True)
    sw = torch.from_numpy((1.0 / np.sqrt(counts[inv])).astype(np.float32))
    sw = sw / sw.mean()
    opt = torch.optim.AdamW(head.parameters(), lr=1e-2, weight_decay=1e-4)
    ce = nn.CrossEntropyLoss(reduction="none")
    for _ in range(epochs):
        order = torch.from_numpy(rng.permutation(idx.size))
        for s in range(0, idx.size, 512):
            b = order[s:s + 512]
            loss = (sw[b] * ce(head(x[b]), y[b])).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
    return head


def head_only(a, d: dict, is_known: np.ndarray, known: list[str], table: dict) -> int:
    """--head-only BASE: the identifier trained on BASE's fixed features; BASE's other heads unchanged.
    With --validate: the held-out folds as in the full training (the network's own em is BASE's)."""
    net = load_net(a.head_only, len(known))
    z = trunk_features(net, d)
    print(f"features of {z.shape[0]} lines", flush=True)
    if a.validate:
        folds = np.array([fold_of(f) for f in d["face"]])
        folds[is_known] = [fold_of(p) for p in d["page"][is_known]]
        for k in (int(v) for v in a.folds.split(",")):
            tr, te = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
            head = train_face_head(z, d, tr, known)
            with torch.no_grad():
                kl = torch.log_softmax(head(torch.from_numpy(z[te])), 1).numpy()
            em = predict(net, d, te)[0]
            for label, m in (("unseen faces", ~is_known[te]), ("known faces, unseen pages", is_known[te])):
                if m.any():
                    face_report(d, te[m], em[m], kl[m], known, table, f"fold {k}, {label}")
    head = train_face_head(z, d, np.arange(d["em"].size), known)
    net.face.load_state_dict(head.state_dict())
    export(net, a.out, known)
    return 0


def face_report(d: dict, idx: np.ndarray, em: np.ndarray, kl: np.ndarray, known: list[str], table: dict,
                label: str) -> None:
    """The identifier on these lines (named a known face, right when it did) and the em error with the
    identified faces' table shares at a few confidence bounds."""
    truth = face_labels(d, known)[idx]
    k, p = kl.argmax(1), np.exp(kl.max(1))
    for conf in (0.5, 0.7, 0.8, 0.9, 0.95):
        e, used = table_em(d, idx, em, kl, known, table, conf)
        err = np.abs(e - d["target"][idx])
        named = (k < len(known)) & (p >= conf)
        print(f"  {label} identifier >= {conf:.2f}: names a known face on {named.mean():.3f} of lines "
              f"(right on {(k[named] == truth[named]).mean() if named.any() else float('nan'):.3f}); em with the "
              f"table: median {np.median(err):.3f} p90 {np.percentile(err, 90):.3f}, within 3 % "
              f"{(err < np.log(1.03)).mean():.3f}, 6 % {(err < np.log(1.06)).mean():.3f}", flush=True)


def export(net: FontNet, out: Path, known: list[str] | None = None) -> None:
    sd = {k: v.detach().numpy().astype(np.float32) for k, v in net.state_dict().items()}
    params = {}
    for i in range(3):
        params[f"c{i}.w"], params[f"c{i}.b"] = sd[f"convs.{i}.weight"], sd[f"convs.{i}.bias"]
    names = ("d0", "d1", "em", "wt", "fam") + (("face",) if known else ())
    for name in names:
        params[f"{name}.w"], params[f"{name}.b"] = sd[f"{name}.weight"], sd[f"{name}.bias"]
    params["f.mean"], params["f.std"] = sd["f_mean"], sd["f_std"]
    n_params = sum(v.size for v in params.values())
    if known:
        params["faces"] = np.array(known)  # the identifier's classes, in order (the last output: any other)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **params)
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB, {n_params} parameters)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lines", type=Path, nargs="+", default=[Path("/work/data/typography-train/lines.npz")],
                    help="one or more files of lines (typography_training.py lines), concatenated")
    ap.add_argument("--out", type=Path, default=ROOT / "shared/extraction/typography/data/fontnet.npz")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--validate", action="store_true")
    ap.add_argument("--only-src", default=None, help="train on one source's lines only (train: the training "
                    "set's faces, leaving the calibration set's for a development check of the whole pipeline)")
    ap.add_argument("--folds", default="0,1,2,3,4", help="--validate: which of the 5 folds to hold out")
    ap.add_argument("--known-src", default=None, help="the source whose faces are known (faces: the benchmark's "
                    "faces on their own pages): --validate never holds these faces out, only their pages (by a "
                    "hash of the page id), and reports unseen faces and known faces on unseen pages apart")
    ap.add_argument("--face-head", action="store_true", help="with --known-src: train the face identifier too "
                    "(its classes: the known faces and 'another face')")
    ap.add_argument("--head-only", type=Path, default=None, help="with --face-head: train only the identifier, "
                    "on the fixed features of this exported model (its other heads kept), and write it with them")
    ap.add_argument("--evaluate", type=Path, nargs="+", default=None, help="report these exported models on "
                    "--lines (no training): e.g. the training-b set's lines, faces no model was trained on")
    ap.add_argument("--init", type=Path, default=None, help="fine-tune: start from this exported model")
    ap.add_argument("--lr", type=float, default=3e-3, help="peak learning rate (one-cycle)")
    ap.add_argument("--table", type=Path, default=ROOT / "shared/extraction/typography/data/faces.json")
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    d = load(a.lines)
    print(f"{d['em'].size} lines, {np.unique(d['face']).size} faces")
    is_known = d["src"] == a.known_src if a.known_src else np.zeros(d["em"].size, bool)
    known = sorted(np.unique(d["face"][is_known]).tolist()) if a.face_head and a.known_src else None
    table = json.loads(a.table.read_text()) if known else {}
    if known:
        print(f"identifier: {len(known)} known faces + another face")
    if a.head_only:
        return head_only(a, d, is_known, known, table)
    if a.evaluate:  # exported models on these lines as they are (faces none of them was trained on)
        for path in a.evaluate:
            with np.load(path) as z:
                names = [str(f) for f in z["faces"]] if "faces" in z.files else []
            net = load_net(path, len(names))
            idx = np.arange(d["em"].size)
            out = predict(net, d, idx)
            report(d, idx, *out[:3], f"{path.name}")
            if names:
                face_report(d, idx, out[0], out[3], names, json.loads(a.table.read_text()), path.name)
        return 0
    if a.validate:
        folds = np.array([fold_of(f) for f in d["face"]])
        folds[is_known] = [fold_of(p) for p in d["page"][is_known]]
        preds = []
        for k in (int(v) for v in a.folds.split(",")):
            tr, te = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
            net = train(d, tr, a.epochs, log=False, known=known)
            out = predict(net, d, te)
            for label, m in (("unseen faces", ~is_known[te]), ("known faces, unseen pages", is_known[te])):
                if m.any():
                    report(d, te[m], *(o[m] for o in out[:3]), f"fold {k} held out, {label}")
                    if known:
                        face_report(d, te[m], out[0][m], out[3][m], known, table, label)
            preds.append((te, *out))
        te = np.concatenate([p[0] for p in preds])
        out = [np.concatenate([p[i] for p in preds]) for i in (1, 2, 3, 4)]
        for label, m in (("unseen faces", ~is_known[te]), ("known faces, unseen pages", is_known[te])):
            if m.any():
                report(d, te[m], *(o[m] for o in out[:3]), f"all held-out folds, {label}")
                if known:
                    face_report(d, te[m], out[0][m], out[3][m], known, table, label)
        return 0
    idx = np.arange(d["em"].size) if a.only_src is None else np.flatnonzero(d["src"] == a.only_src)
    net = train(d, idx, a.epochs, known=known, init=a.init, lr=a.lr)
    export(net, a.out, known)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
