module Research.Fsx.Tests.GradCheckTests

open Xunit
open Research.Torch
open Research.Fsx

let private input (values: float list) = torch.tensor (Array.ofList values, [| int64 values.Length |])

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
