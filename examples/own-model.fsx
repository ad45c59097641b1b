// A user's own TorchSharp model trained with the kit's tied head and augmented loss (README, "Using the kit from F#").
#I "../artifacts/kit"
#r "TorchSharp.dll"
#r "Research.Core.dll"

open TorchSharp
open type TorchSharp.torch
open Research.Core.Engine
open Research.Core.Losses
open Research.Core.Models
open Research.Core.Training.Optimizers

TorchRuntime.EnsureLoaded ()   // scripts and notebooks: load libtorch before the first TorchSharp call

/// The previous token's embedding through a tanh layer, then the kit's tied head: W = Eᵀ, one shared tensor.
type BigramLm(vocabulary: int64, dim: int64) as this =
    inherit nn.Module<Tensor, HeadOutput>("BigramLm")
    let embedding = nn.Embedding(vocabulary, dim)
    let hidden = nn.Linear(dim, dim)
    let head = new TiedLinearHead(embedding, dim)
    do this.RegisterComponents()
    member _.Embedding = head.weight                      // E, the same tensor as the classifier's W
    override _.forward(tokens) = tokens |> embedding.call |> hidden.call |> tanh |> head.call

torch.manual_seed 1L |> ignore
let model = new BigramLm(50L, 16L)
let optimizer = new SafeAdam(model.parameters (), 0.01)   // TorchSharp's Adam, GC-race-safe step
let augmented = AugmentedLossOptions(alpha = 0.5, tau = 10.0)
let text = torch.tensor [| for i in 0L .. 1999L -> (7L * i) % 50L |]   // each token has one successor
let input, target = text[TensorIndex.Slice(0L, -1L)], text[TensorIndex.Slice(1L)]

for step in 1 .. 200 do
    use scope = torch.NewDisposeScope ()
    optimizer.zero_grad ()
    let out = model.call input
    let loss =
        nn.functional.cross_entropy(out.Logits, target)
        + AugmentedLoss.Compute(out.LogitsWithoutBias, target, model.Embedding, augmented)
    loss.backward ()
    optimizer.step () |> ignore
    if step % 50 = 0 then printfn "step %d: loss %.3f" step (loss.item<float32> ())
