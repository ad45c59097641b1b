/// reports/index.html as a pure function: each paper's claims in its own table, verdicts coloured, the tour apart.
module Research.Fsx.Tests.ReportPageTests

open System
open System.Text.RegularExpressions
open Xunit
open Research.Fsx.Notebooks
open Research.Fsx.Notebooks.ReportPage
open Research.Fsx.Claims

let private run stem : NotebookRun =
    { Notebook = $"/repo/notebooks/{stem}.ipynb"
      Output = $"/repo/reports/notebooks/{stem}.ipynb"
      Html = $"/repo/reports/notebooks/{stem}.html"
      Figures = [ $"/repo/reports/figures/{stem}/loss.svg"; $"/repo/reports/figures/{stem}/loss.png" ]
      Failure = None
      CellsRun = 3
      Warnings = []
      StartupSeconds = 2.0
      TotalSeconds = 12.5 }

let private claim paper text verdict =
    { Paper = paper; Claim = text; Scale = "full"; Verdict = verdict; Evidence = $"evidence for {text}"; Source = "notebooks/results/x.csv" }

let private page (claims: ClaimCheck list) =
    let fullScale stem = if stem = "05-tying" then Some { Html = None; Figures = [ "/repo/notebooks/results/05-tying/ppl.svg" ]; Tables = [] } else None
    render "/repo/reports" "quick" "abc123" (DateTime(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc)) [ run "00-getting-started"; run "01-dist2loss"; run "05-tying" ] fullScale claims

/// The HTML of one section, by its id.
let private section (id: string) (html: string) =
    let m = Regex.Match(html, $"<section id=\"{id}\">(.*?)</section>", RegexOptions.Singleline)
    Assert.True(m.Success, $"no section {id}")
    m.Groups[1].Value

let belongsCases: obj[] list =
    [ [| "05-tying"; "05-tying"; true |]
      [| "05-tying"; "05"; true |]
      [| "05-tying"; "5 Tying"; true |]
      [| "01-dist2loss"; "1 DIST2Loss"; true |]
      [| "05-tying"; "05-TYING"; true |]
      [| "05-tying"; "15 Other"; false |]
      [| "05-tying"; "01-dist2loss"; false |]
      [| "01-dist2loss"; "dist2"; false |] ]

[<Theory; MemberData(nameof belongsCases)>]
let ``a claim goes to the paper it names by notebook name or number`` (stem: string) (paper: string) (expected: bool) =
    Assert.Equal(expected, belongsTo stem (claim paper "c" Reproduced))

[<Fact>]
let ``each paper shows its run, its full-scale results and its claims with the verdict coloured`` () =
    let html =
        page
            [ claim "05-tying" "tying saves V*d parameters" Reproduced
              claim "05" "+REAL beats +AL" NotReproduced
              claim "01-dist2loss" "DIST2 beats CE on MAE" WithinNoise
              claim "01" "q is unimodal" NoData
              claim "07-other" "a paper without a notebook" Reproduced ]
    let tying = section "05-tying" html
    Assert.Contains("<td class=\"verdict reproduced\">reproduced</td>", tying)
    Assert.Contains("<td class=\"verdict not-reproduced\">not reproduced</td>", tying)
    Assert.DoesNotContain("DIST2", tying)
    Assert.Contains("<img src=\"../notebooks/results/05-tying/ppl.svg\"", tying)
    Assert.Contains("<a href=\"notebooks/05-tying.html\">executed notebook</a>", tying)
    Assert.Contains("<img src=\"figures/05-tying/loss.svg\"", tying)   // the SVG, not also the PNG
    Assert.DoesNotContain("loss.png", tying)
    let dist2 = section "01-dist2loss" html
    Assert.Contains("<td class=\"verdict within-noise\">within noise</td>", dist2)
    Assert.Contains("<td class=\"verdict no-data\">no data</td>", dist2)
    Assert.Contains("No full-scale results are committed", dist2)
    Assert.Contains("a paper without a notebook", section "other-claims" html)
    // The tour has a run but no claims or full-scale results.
    let tour = section "00-getting-started" html
    Assert.DoesNotContain("claims", tour)
    Assert.Contains("ok</span>, 3 cells in 12.5 s", tour)
    // Each verdict has its own colour.
    for css in [ "reproduced"; "within-noise"; "not-reproduced"; "no-data" ] do
        Assert.Matches($"\\.{css}\\{{color:#[0-9a-f]{{3,6}};background:#[0-9a-f]{{3,6}}\\}}", html)

[<Fact>]
let ``a paper without claim checks says so, and a failed run shows the cell`` () =
    let failed =
        { run "01-dist2loss" with
            Failure = Some { CodeCell = 4; CellId = "dist2-04"; Source = "x"; EName = "Exception"; EValue = "boom <here>"; Details = [] } }
    let html = render "/repo/reports" "quick" "abc123" DateTime.UtcNow [ failed ] (fun _ -> None) []
    let dist2 = section "01-dist2loss" html
    Assert.Contains("No claim checks were given for this paper.", dist2)
    Assert.Contains("failed at code cell 4: Exception: boom &lt;here&gt;", dist2)
    Assert.DoesNotContain("other-claims", html)
