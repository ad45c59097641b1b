module Research.Fsx.Tests.GradCheckTests

open System
open Xunit
open TorchSharp
open Research.Fsx

let private input (values: float list) = torch.tensor (Array.ofList values, ReadOnlySpan [| int64 values.Length |])

[<Fact>]
let ``GradCheck passes a correct gradient`` () =
    use scope = torch.NewDisposeScope()
    let result = GradCheck.check (fun xs -> (xs.[0] * xs.[0]).tanh()) [ input [ 0.3; -1.2; 0.7 ] ]
    Assert.True(result.Passed, string result)

[<Fact>]
let ``GradCheck catches a deliberately wrong gradient`` () =
    use scope = torch.NewDisposeScope()
    // detach hides one factor from autograd: the gradient of x*x comes out as x, not 2x.
    let result = GradCheck.check (fun xs -> xs.[0] * xs.[0].detach()) [ input [ 0.3; -1.2; 0.7 ] ]
    Assert.False(result.Passed)
    Assert.InRange(result.WorstRelativeError, 0.3, 1.0)

/// A module's own parameters, checked in place: a float64 linear layer under tanh, then a wrong gradient by the
/// same route (the weight detached in the forward pass, so autograd sees none for it).
[<Fact>]
let ``GradCheck checks a module's parameters in place`` () =
    use scope = torch.NewDisposeScope()
    torch.manual_seed 3L |> ignore
    use layer = torch.nn.Linear(3L, 2L, dtype = torch.float64)
    let x = torch.randn ([| 4L; 3L |], dtype = torch.float64)
    let parameters : torch.Tensor list = [ layer.weight; nonNull layer.bias ]
    let right = GradCheck.checkLeaves (fun () -> layer.call(x).tanh()) parameters
    Assert.True(right.Passed, string right)
    Assert.Equal(8L, right.ElementsChecked)
    let wrong = GradCheck.checkLeaves (fun () -> torch.nn.functional.linear(x, layer.weight.detach(), layer.bias).tanh()) parameters
    Assert.False(wrong.Passed)
    Assert.Equal(0, wrong.WorstInput)
