module Research.Fsx.Tests.FrameDisplayTests

open System.Text
open System.Xml.Linq
open Deedle
open Xunit
open Research.Fsx

let private small () =
    Frame.ofColumns
        [ "Variant", (Series.ofValues [ "a"; "b"; "c|d" ] :> ISeries<int>)
          "loss", (Series.ofValues [ box 1.23456; box nan; box 2.0 ] :> ISeries<int>)
          "n", (Series.ofOptionalObservations [ 0, Some 3; 1, Some 2; 2, None ] :> ISeries<int>) ]

[<Fact>]
let ``Markdown is exact on a small frame: digits, NaN as NaN, missing as empty, pipes escaped`` () =
    let expected =
        String.concat "\n"
            [ "| Variant | loss | n |"
              "|---|---:|---:|"
              "| a | 1.23 | 3 |"
              "| b | NaN | 2 |"
              "| c\\|d | 2.00 |  |" ]
    Assert.Equal(expected, FrameDisplay.markdown 2 (small ()))

[<Fact>]
let ``HTML is a small, well-formed plain table`` () =
    let html = FrameDisplay.html 3 (small ())
    Assert.True(Encoding.UTF8.GetByteCount html < 2048, $"{Encoding.UTF8.GetByteCount html} bytes")
    let table = XElement.Parse html
    Assert.Equal("table", table.Name.LocalName)
    Assert.Equal(4, table.Descendants(XName.Get "tr") |> Seq.length)
    let cells = table.Descendants(XName.Get "td") |> Seq.map (fun td -> td.Value) |> List.ofSeq
    Assert.Equal<string list>([ "a"; "1.235"; "3"; "b"; "NaN"; "2"; "c|d"; "2.000"; "" ], cells)

[<Fact>]
let ``Row keys show only when they are more than positions`` () =
    let byName = small () |> Frame.indexRowsString "Variant"
    Assert.StartsWith("|  | loss | n |", FrameDisplay.markdown 1 byName)
    Assert.StartsWith("| Variant | loss | n |", FrameDisplay.markdown 1 (small ()))

[<Fact>]
let ``Long frames are cut at MaxRows with the rest counted; CSV keeps every row`` () =
    let long = Frame.ofColumns [ "x", (Series.ofValues [ for i in 1..120 -> box (float i) ] :> ISeries<int>) ]
    let html = FrameDisplay.html 0 long
    Assert.Equal(FrameDisplay.MaxRows + 1, XElement.Parse(html.Substring(0, html.IndexOf "</table>" + 8)).Descendants(XName.Get "tr") |> Seq.length)
    Assert.EndsWith($"<p>… {120 - FrameDisplay.MaxRows} more rows</p>", html)
    Assert.Equal(121, (FrameDisplay.csv long).Trim().Split('\n').Length)

[<Fact>]
let ``CSV writes a mean ± std cell as two columns at full precision`` () =
    let frame =
        Frame.ofColumns
            [ "Variant", (Series.ofValues [ "a" ] :> ISeries<int>)
              "loss", (Series.ofValues [ box (Stats.ofSeq [ 1.0; 2.0 ]) ] :> ISeries<int>) ]
    Assert.Equal("Variant,loss mean,loss std\na,1.5,0.7071067811865476", (FrameDisplay.csv frame).Trim().Replace("\r\n", "\n"))

[<Fact>]
let ``Outside a .NET Interactive kernel, registering the formatter does nothing`` () =
    Assert.False(FrameDisplay.register ())
