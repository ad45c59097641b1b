module Research.Fsx.Tests.ParametersTests

open System
open Xunit
open Research.Fsx.Notebooks.Parameters

let kindCases: obj[] list =
    [ [| "let scale = \"quick\""; "scale"; Text |]
      [| "let epochs = 3"; "epochs"; Integer |]
      [| "let lr = 0.5 // learning rate"; "lr"; Real |]
      [| "let eps = 1e-8"; "eps"; Real |]
      [| "let verbose = false"; "verbose"; Boolean |]
      [| "let seeds = [ 1; 2; 3 ]"; "seeds"; ListOf Integer |]
      [| "let names: string list = [ \"a\"; \"b\" ]"; "names"; ListOf Text |] ]

[<Theory; MemberData(nameof kindCases)>]
let ``The kind of a parameter comes from its default literal`` (line: string) (name: string) (kind: ParameterKind) =
    Assert.Equal<(string * ParameterKind) list>([ name, kind ], defaults line)

[<Fact>]
let ``Lines that are not literal bindings are not parameters`` () =
    Assert.Empty(defaults "// a comment\nlet f x = x + 1\nlet data = load ()\nprintfn \"hi\"")

let literalCases: obj[] list =
    [ [| Text; "full"; "\"full\"" |]
      [| Text; "say \"hi\"\\"; "\"say \\\"hi\\\"\\\\\"" |]
      [| Integer; " 42 "; "42" |]
      [| Real; "3"; "3.0" |]
      [| Real; "0.001"; "0.001" |]
      [| Boolean; "True"; "true" |]
      [| ListOf Integer; "1,2,3"; "[ 1; 2; 3 ]" |]
      [| ListOf Integer; "[4; 5]"; "[ 4; 5 ]" |]
      [| ListOf Real; "0.1 0.01"; "[ 0.1; 0.01 ]" |] ]

[<Theory; MemberData(nameof literalCases)>]
let ``A command-line value becomes an F# literal of the parameter's kind`` (kind: ParameterKind) (value: string) (expected: string) =
    Assert.Equal(expected, literal "p" kind value)

let badCases: obj[] list =
    [ [| Integer; "3.5"; "-p p '3.5': expected an integer" |]
      [| Boolean; "yes"; "-p p 'yes': expected true or false" |]
      [| ListOf Integer; "1,x"; "-p p '1,x': expected a list like 1,2,3 of which each item is an integer" |]
      [| Real; "nan"; "-p p 'nan': expected a number" |] ]

[<Theory; MemberData(nameof badCases)>]
let ``A value of the wrong kind names the parameter and what was expected`` (kind: ParameterKind) (value: string) (message: string) =
    let e = Assert.Throws<ArgumentException>(fun () -> literal "p" kind value |> ignore)
    Assert.StartsWith(message, e.Message)

[<Fact>]
let ``An unknown parameter names the ones the notebook defines`` () =
    let e = Assert.Throws<ArgumentException>(fun () -> injectedSource "nb.ipynb" [ "scale", Text; "seeds", ListOf Integer ] [ "seed", "1" ] |> ignore)
    Assert.StartsWith("-p seed: the parameters cell of nb.ipynb defines scale, seeds", e.Message)
