module Research.Fsx.Tests.TableTests

open System
open Xunit
open Research.Fsx

type SeedResult = { Objective: string; Seed: int; Accuracy: float; Loss: float }

// Two objectives, three and two seeds, with numbers whose statistics are easy to check by hand.
let private results =
    [ { Objective = "ce"; Seed = 1; Accuracy = 0.90; Loss = 1.0 }
      { Objective = "ce"; Seed = 2; Accuracy = 0.92; Loss = 2.0 }
      { Objective = "dist2"; Seed = 1; Accuracy = 0.95; Loss = 4.0 }
      { Objective = "ce"; Seed = 3; Accuracy = 0.94; Loss = 3.0 }
      { Objective = "dist2"; Seed = 2; Accuracy = 0.97; Loss = 6.0 } ]

let private summary () =
    results
    |> Table.summarizeBy "objective" (fun r -> r.Objective) [ "accuracy", (fun r -> r.Accuracy); "loss", (fun r -> r.Loss) ]

let statCases: obj[] list =
    [ [| [ 1.0; 2.0; 3.0; 4.0 ]; 2.5; sqrt (5.0 / 3.0); 4 |]
      [| [ 2.0; 4.0; 4.0; 4.0; 5.0; 5.0; 7.0; 9.0 ]; 5.0; sqrt (32.0 / 7.0); 8 |]
      [| [ 0.5 ]; 0.5; 0.0; 1 |]
      [| [ -1.0; 1.0 ]; 0.0; sqrt 2.0; 2 |] ]

[<Theory; MemberData(nameof statCases)>]
let ``Mean, sample std and count on known numbers`` (values: float list) (mean: float) (std: float) (count: int) =
    let s = Stats.ofSeq values
    Assert.Equal(mean, s.Mean, 12)
    Assert.Equal(std, s.Std, 12)
    Assert.Equal(count, s.Count)

[<Fact>]
let ``Statistics of nothing name the problem`` () =
    let e = Assert.Throws<ArgumentException>(fun () -> Stats.ofSeq [] |> ignore)
    Assert.Contains("at least one value, got none", e.Message)

[<Fact>]
let ``Summarize groups by key in order of first appearance and aggregates over seeds`` () =
    let table = summary ()
    Assert.Equal<string list>([ "objective"; "accuracy"; "loss"; "n" ], table.Columns)
    match table.Rows with
    | [ [ Text "ce"; Summary ceAcc; Summary ceLoss; Whole 3L ]; [ Text "dist2"; Summary dAcc; Summary dLoss; Whole 2L ] ] ->
        Assert.Equal(0.92, ceAcc.Mean, 12)
        Assert.Equal(0.02, ceAcc.Std, 12)
        Assert.Equal(2.0, ceLoss.Mean, 12)
        Assert.Equal(1.0, ceLoss.Std, 12)
        Assert.Equal(0.96, dAcc.Mean, 12)
        Assert.Equal(sqrt 0.0002, dAcc.Std, 12)
        Assert.Equal(5.0, dLoss.Mean, 12)
        Assert.Equal(sqrt 2.0, dLoss.Std, 12)
    | rows -> failwithf "unexpected rows %A" rows

[<Fact>]
let ``Markdown shows mean ± std and right-aligns numbers`` () =
    let expected =
        String.concat
            "\n"
            [ "| objective | accuracy | loss | n |"
              "|---|---:|---:|---:|"
              "| ce | 0.920 ± 0.020 | 2.000 ± 1.000 | 3 |"
              "| dist2 | 0.960 ± 0.014 | 5.000 ± 1.414 | 2 |" ]
    Assert.Equal(expected, summary () |> Table.toMarkdown)

[<Fact>]
let ``HTML escapes text and aligns columns`` () =
    let html = Table.create [ "name"; "value" ] [ [ Text "<b>&"; Number 1.5 ] ] |> Table.withDigits 2 |> Table.toHtml
    Assert.Contains("<th style=\"text-align:left\">name</th><th style=\"text-align:right\">value</th>", html)
    Assert.Contains("<td style=\"text-align:left\">&lt;b&gt;&amp;</td><td style=\"text-align:right\">1.50</td>", html)

[<Fact>]
let ``CSV splits summaries into mean and std columns at full precision`` () =
    // the shortest round-trip forms of the doubles (Python's repr of the same sums agrees)
    let expected =
        String.concat
            "\r\n"
            [ "objective,accuracy mean,accuracy std,loss mean,loss std,n"
              "ce,0.9199999999999999,0.019999999999999962,2,1,3"
              "dist2,0.96,0.014142135623730963,5,1.4142135623730951,2"
              "" ]
    Assert.Equal(expected, summary () |> Table.toCsv)

[<Fact>]
let ``Records become rows, options and NaN included`` () =
    let table = Table.ofRecords [ {| Name = "a"; Score = Some 2; Loss = nan |}; {| Name = "b,c"; Score = None; Loss = 0.25 |} ]
    Assert.Equal<string list>([ "Loss"; "Name"; "Score" ], table.Columns)
    Assert.Equal("| Loss | Name | Score |\n|---:|---|---:|\n| NaN | a | 2 |\n| 0.250 | b,c |  |", Table.toMarkdown table)
    Assert.Equal("Loss,Name,Score\r\nNaN,a,2\r\n0.25,\"b,c\",\r\n", Table.toCsv table)

[<Fact>]
let ``A row of the wrong width names the row and the columns`` () =
    let e = Assert.Throws<ArgumentException>(fun () -> Table.create [ "a"; "b" ] [ [ Text "x" ] ] |> ignore)
    Assert.Contains("row 1 has 1 cells but the table has 2 columns (a, b)", e.Message)

[<Fact>]
let ``A table displays as HTML with a Markdown fallback`` () =
    let bundle = (summary () :> IDisplayable).Bundle
    Assert.Equal<string list>([ "text/html"; "text/markdown"; "text/plain" ], bundle |> List.map fst)
