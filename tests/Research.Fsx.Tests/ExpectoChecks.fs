/// The papers' reference cross-checks and invariants, written as Expecto tests, each run by `dotnet test` as one xunit
/// theory case named by its full Expecto name.
module Research.Fsx.Tests.ExpectoChecks

open Expecto
open Xunit

let all =
    testList "checks" [
        GradCheckTests.tests
        AugmentedLossReferenceTests.tests
        CkaReferenceTests.tests
        Dist2LossReferenceTests.tests
    ]

let private byName = lazy (dict (ExpectoBridge.flatten all))

let names : obj[] seq = ExpectoBridge.flatten all |> Seq.map (fun (name, _) -> [| box name |])

[<Theory>]
[<MemberData(nameof names)>]
let ``Expecto check`` (name: string) = ExpectoBridge.run byName.Value.[name]
