#!/usr/bin/env python3
"""Writes notebooks/05-tying.ipynb (Polyglot format, F# cells) from the cell sources below.
Run from the repository root: python3 notebooks/tools/make_05_tying.py. Executing it is `research nb run`'s job."""
import json

FS = {"dotnet_interactive": {"language": "fsharp"}, "polyglot_notebook": {"kernelName": "fsharp"}}


def md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text.strip("\n").splitlines(keepends=True)}


def fs(text, tags=None):
    meta = dict(FS)
    if tags:
        meta["tags"] = tags
    return {"cell_type": "code", "execution_count": None, "metadata": meta, "outputs": [],
            "source": text.strip("\n").splitlines(keepends=True)}


cells = [
    md(r"""
# Paper 5: tied word vectors and classifiers, and the augmented loss

Inan, Khosravi and Socher, *Tying Word Vectors and Word Classifiers: A Loss Framework for Language Modeling*
(ICLR 2017, arXiv:1611.01462), reproduced on a word-level language model of the King James Bible.

The paper adds two things to a variational-dropout LSTM language model:

- **AL**, the *augmented loss*: besides the cross entropy, a KL term pulls the temperature-softened prediction
  ŷ = softmax(W h / τ) towards ỹ = softmax(E e_y / τ), a soft target made of the input-embedding similarities
  to the true next word (`Research.Core.Losses.AugmentedLoss`, weighted α·τ·KL here);
- **RE**, *reused embeddings*: the output classifier is the input embedding, W = Lᵀ, one shared tensor
  (`Research.Core.Models.TiedLinearHead`). **REAL** is both.

The corpus, model and schedule follow `shared/papers/tying.md`, tier Q: vocabulary 5k, d = 64, two LSTM
layers with variational dropout 0.3, BPTT 35, batch 20, SGD at learning rate 20 divided by 4 on a validation
plateau, gradient clipping at 0.25. Test perplexities are of the best validation epoch's weights.

Run headless with `./kit research nb run notebooks/05-tying.ipynb` (quick scale), or
`-p scale full -p seeds 1,2,3` for the full experiment (about half an hour on two cores).
"""),
    fs(r"""
// Parameters: `research nb run -p scale full -p seeds 1,2,3` overrides them.
let scale = "quick"
let seeds = [ 1 ]
""", tags=["parameters"]),
    fs(r"""
#I "../artifacts/kit"
#r "Research.Torch.dll"
#r "Research.Core.dll"
#r "Research.Fsx.dll"

open System.IO
open Research.Torch
open Research.Core.Experiments
open Research.Core.Experiments.Tying
open Research.Fsx

// Each run uses one core; the kit's intra-op threads would only fight over the two this machine has.
torch.set_num_threads 1
let settings = TyingScale.Named scale
let store = RunStore.OpenDefault()
let progress = Progress.notebook ()
let checkpoints = Path.Combine("..", "runs", "checkpoints", "05-tying")
"""),
    md(r"""
## Data

The KJV corpus is built from Debian's `bible-kjv` (`research data prepare kjv`): PTB-style tokens, one verse a
line, split by book (valid: Joshua, Proverbs, Mark, Romans; test: Judges, Ecclesiastes, Daniel, John, Hebrews).
The training text is a slice of about-chapter-sized blocks spread over the whole training split.
"""),
    fs(r"""
let data = TyingData.Load settings

type Split = { Split: string; Tokens: int; UnknownRate: float }

[ { Split = "train (slice)"; Tokens = data.TrainTokens; UnknownRate = data.UnknownRates.["train"] }
  { Split = "valid"; Tokens = int (data.Valid.numel ()); UnknownRate = data.UnknownRates.["valid"] }
  { Split = "test"; Tokens = int (data.Test.numel ()); UnknownRate = data.UnknownRates.["test"] } ]
|> Table.ofRecords
|> Table.withDigits 4
|> Table.display
"""),
    md(r"""
## Tuning τ and α on the validation split

A small grid for the augmented loss (+AL, first seed, fewer epochs); the best pair by validation perplexity is
then used for +AL and +REAL.
"""),
    fs(r"""
let run variant seed tau alpha epochs =
    TyingRunner.Run(settings, TyingRunSpec(variant, seed, tau, alpha, epochs), data, store, progress, checkpoints)

let tuning =
    [ for tau in settings.TuningTaus do
        for alpha in settings.TuningAlphas ->
            run TyingVariant.AugmentedLoss (List.head seeds) tau alpha (System.Nullable settings.TuningEpochs) ]

tuning
|> Seq.map (fun r -> {| Tau = r.Tau; Alpha = r.Alpha; ValidPerplexity = r.ValidPerplexity |})
|> Table.ofRecords
|> Table.withDigits 2
|> Table.display

let best = tuning |> List.minBy (fun r -> r.ValidPerplexity)
printfn "chosen: tau = %g, alpha = %g (weight alpha * tau on the KL term)" best.Tau best.Alpha
"""),
    md(r"""
## The four variants

Each variant runs once per seed; every step's loss and every epoch's validation perplexity go to the run store.
At full scale a fifth variant drops the output bias when tying, as §4 of the paper does.
"""),
    fs(r"""
let variants =
    List.ofSeq TyingVariants.TableOne @ (if scale = "full" then [ TyingVariant.ReusedEmbeddingsNoBias ] else [])

let results =
    [ for variant in variants do
        for seed in seeds -> run variant seed best.Tau best.Alpha (System.Nullable()) ]

printfn "%d runs logged to %s" results.Length (Path.GetRelativePath(System.Environment.CurrentDirectory, store.Path))
"""),
    md(r"""
## Results

Perplexities as mean ± std over seeds (`n` seeds), with the parameter count, the training time of one run, and
the paper's Table 1 row for its small model on PTB (absolute values are not comparable: the KJV is a different,
more formulaic text; the ordering is what should carry over).
"""),
    fs(r"""
let paper = PaperNumbers.SmallModel |> Seq.map (fun r -> r.Variant, r) |> Map.ofSeq

results
|> Table.summarize
    [ "variant", fun r -> box r.Variant
      "parameters", fun r -> box r.Parameters ]
    [ "valid ppl", fun r -> r.ValidPerplexity
      "test ppl", fun r -> r.TestPerplexity
      "train ppl (no dropout)", fun r -> r.TrainPerplexity
      "seconds per run", fun r -> r.Seconds
      "paper valid", fun r -> paper.TryFind r.Variant |> Option.map (fun p -> p.Valid) |> Option.defaultValue nan
      "paper test", fun r -> paper.TryFind r.Variant |> Option.map (fun p -> p.Test) |> Option.defaultValue nan ]
|> Table.withDigits 2
|> Table.display

Directory.CreateDirectory "results" |> ignore
results |> Table.ofRecords |> Table.saveCsv (Path.Combine("results", $"05-tying-{scale}.csv"))
"""),
    md(r"""
## Validation perplexity during training

From the run store: one curve per variant, the band one standard deviation over seeds.
"""),
    fs(r"""
type EpochPoint = { Epoch: int64; Perplexity: float; Variant: string }

let curves =
    [ for r in results do
        for p in store.Metrics([ r.RunId ], "valid_ppl", MetricKind.Epoch) ->
            { Epoch = p.Step; Perplexity = p.Value; Variant = r.Variant } ]

Chart.lineBandBy "Variant" "Epoch" "Perplexity" curves
|> Chart.xTitle "epoch"
|> Chart.yTitle "validation perplexity"
|> Chart.title "Validation perplexity, mean ± std over seeds"
|> Chart.display
"""),
    md(r"""
## Tying as a regulariser

Press and Wolf, and users of the paper's method, report that tying *raises* training perplexity while it *lowers*
validation perplexity. Training perplexity here is measured without dropout on the first 60k training tokens.
"""),
    fs(r"""
results
|> Table.summarizeBy "variant" (fun r -> r.Variant)
    [ "train ppl (no dropout)", fun r -> r.TrainPerplexity
      "valid ppl", fun r -> r.ValidPerplexity
      "valid / train", fun r -> r.ValidPerplexity / r.TrainPerplexity ]
|> Table.withDigits 2
|> Table.display

type Gap = { Bar: string; Perplexity: float }

[ for r in results do
    yield { Bar = $"{r.Variant} train"; Perplexity = r.TrainPerplexity }
    yield { Bar = $"{r.Variant} valid"; Perplexity = r.ValidPerplexity } ]
|> Chart.barSummary "Bar" "Perplexity"
|> Chart.xTitle "variant and split"
|> Chart.yTitle "perplexity"
|> Chart.title "Train (no dropout) and validation perplexity, mean ± std over seeds"
|> Chart.display
"""),
    md(r"""
## The paper's claims, checked on these runs

Each line compares seed means; "within noise" means the two means are closer than the larger standard deviation.
"""),
    fs(r"""
let mean variant (f: TyingRunResult -> float) =
    results |> List.filter (fun r -> r.Variant = variant) |> List.averageBy f

let std variant (f: TyingRunResult -> float) =
    let xs = results |> List.filter (fun r -> r.Variant = variant) |> List.map f
    if xs.Length < 2 then 0.0 else (Stats.ofSeq xs).Std

let compare label a b (f: TyingRunResult -> float) =
    let ma, mb = mean a f, mean b f
    let noise = max (std a f) (std b f)
    let verdict = if abs (ma - mb) <= noise then "within noise" elif ma < mb then "yes" else "no"
    printfn "%-55s %s (%.2f vs %.2f)" label verdict ma mb

let test (r: TyingRunResult) = r.TestPerplexity
compare "+RE below baseline (test)" "+RE" "baseline" test
compare "+AL below +RE (test; the paper's small model)" "+AL" "+RE" test
compare "+REAL below +RE (test)" "+REAL" "+RE" test
compare "+AL below baseline (test)" "+AL" "baseline" test
compare "+REAL below +AL (test; the paper: about equal)" "+REAL" "+AL" test
compare "tying raises train perplexity: baseline below +RE" "baseline" "+RE" (fun r -> r.TrainPerplexity)
compare "tying lowers valid perplexity: +RE below baseline" "+RE" "baseline" (fun r -> r.ValidPerplexity)
let saving = mean "baseline" (fun r -> float r.Parameters) - mean "+RE" (fun r -> float r.Parameters)
printfn "parameters saved by tying: %.0f (V*d = %d), %.0f%% of the baseline" saving (settings.Vocabulary * settings.EmbeddingSize) (100.0 * saving / mean "baseline" (fun r -> float r.Parameters))
"""),
    md(r"""
## Discussion

See the README's *Paper 5* section for the full-scale numbers this notebook produced when it was committed, and
what reproduced. The quick scale (a 40k-token slice, two epochs) only shows that the pipeline runs: its
perplexities are far from converged and its orderings are noise.
"""),
]

notebook = {
    "cells": cells,
    "metadata": {
        "kernelspec": {"display_name": ".NET (F#)", "language": "F#", "name": ".net-fsharp"},
        "language_info": {"file_extension": ".fs", "mimetype": "text/x-fsharp", "name": "F#", "pygments_lexer": "fsharp", "version": "10.0"},
        "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "fsharp", "items": [{"aliases": [], "languageName": "fsharp", "name": "fsharp"}]}},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}
for i, c in enumerate(notebook["cells"]):
    c["id"] = f"tying-{i:02d}"
with open("notebooks/05-tying.ipynb", "w") as f:
    json.dump(notebook, f, indent=1, ensure_ascii=False)
    f.write("\n")
