module Research.Fsx.Tests.ReproduceTests

open System.IO
open Xunit
open Research.Fsx.Notebooks
open Research.Fsx.Tests.TestSetup

[<Fact>]
let ``Reproduce runs every notebook at the scale and links each one and its figures from the index`` () =
    use dir = new TempDir()
    let notebooks = Directory.CreateDirectory(dir.File "notebooks").FullName
    let kit = typeof<Research.Fsx.Html>.Assembly.Location
    writeNotebook (Path.Combine(notebooks, "01-scaled.ipynb"))
        [ Tagged("let scale = \"full\"\nlet seeds = [ 1 ]", [ "parameters" ])
          Code $"#r \"{kit}\"\nopen Research.Fsx"
          Code "printfn \"scale=%s seeds=%A\" scale seeds\nChart.line \"x\" \"y\" [ {| x = 1; y = 2.0 |}; {| x = 2; y = 1.0 |} ] |> Chart.title \"Curve\" |> Chart.display" ]
    |> ignore
    writeNotebook (Path.Combine(notebooks, "02-plain.ipynb")) [ Code "printfn \"no parameters\"" ] |> ignore
    writeNotebook (Path.Combine(notebooks, "03-broken.ipynb")) [ Code "(failwith \"broken notebook\" : unit)" ] |> ignore
    let options: Reproduce.ReproduceOptions =
        { Scale = "quick"; Seeds = Some "5,6"; NotebooksDir = notebooks; ReportsDir = dir.File "reports"; Echo = None }
    let result = Reproduce.run options
    Assert.False(result.Succeeded)
    Assert.Equal<bool list>([ true; true; false ], result.Runs |> List.map (fun r -> r.Succeeded))
    let scaled = File.ReadAllText(dir.File "reports/notebooks/01-scaled.ipynb")
    Assert.Contains("scale=quick seeds=[5; 6]", scaled)
    for name in [ "01-scaled"; "02-plain"; "03-broken" ] do
        assertValidNotebook (dir.File $"reports/notebooks/{name}.ipynb")
    let index = File.ReadAllText result.Index
    Assert.Contains("href=\"notebooks/01-scaled.html\"", index)
    Assert.Contains("<img src=\"figures/01-scaled/curve.svg\"", index)
    Assert.Contains("href=\"figures/01-scaled/curve.png\"", index)
    Assert.Contains("failed at code cell 1: Exception: broken notebook", index)
    Assert.True(File.Exists(dir.File "reports/figures/01-scaled/curve.png"))
    // the sources are left as they were
    Assert.DoesNotContain("scale=quick", File.ReadAllText(Path.Combine(notebooks, "01-scaled.ipynb")))
