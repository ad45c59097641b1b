using System.CommandLine;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;
using Research.Fsx.Notebooks;

namespace Research.Cli.Commands;

/// <summary><c>research reproduce</c>: the kit's main job. Runs every notebook at one scale on the .NET Interactive
/// kernel and writes reports/index.html: per paper, the run just made and the committed full-scale results.</summary>
[CliCommand]
internal static class ReproduceCommand
{
    internal static Command Create()
    {
        var scale = new Option<string>("--scale") { Description = "quick (minutes; what CI runs) or full (the papers' settings).", DefaultValueFactory = _ => "quick" };
        scale.AcceptOnlyFromAmong([.. Reproduce.scales]);
        var seeds = new Option<string?>("--seeds") { Description = "Seeds for notebooks with a 'seeds' parameter, e.g. 1,2,3 (default: each notebook's own)." };
        var notebooks = new Option<string>("--notebooks") { Description = "The folder of notebooks to run.", DefaultValueFactory = _ => "notebooks" };
        var reports = new Option<string>("--reports") { Description = "Where the executed notebooks, figures and index.html go.", DefaultValueFactory = _ => "reports" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Copy what the cells print to the terminal as they run." };
        var command = new Command("reproduce", "Run every notebook under notebooks/ at the chosen scale on the .NET Interactive kernel and write reports/index.html: per paper, the run just made and the committed full-scale results.")
        {
            scale, seeds, notebooks, reports, verbose,
        };
        command.SetAction(parse => UserErrors.Report("reproduce", () =>
        {
            var echo = parse.GetValue(verbose);
            var options = new Reproduce.ReproduceOptions(
                parse.GetValue(scale)!,
                parse.GetValue(seeds) is { } s ? FSharpOption<string>.Some(s) : FSharpOption<string>.None,
                parse.GetValue(notebooks)!,
                parse.GetValue(reports)!,
                echo ? FSharpOption<TextWriter>.Some(Console.Out) : FSharpOption<TextWriter>.None);
            Console.WriteLine($"Reproducing every notebook in {Path.GetFullPath(options.NotebooksDir)} at {options.Scale} scale...");
            var result = Reproduce.run(options);
            foreach (var run in result.Runs)
            {
                var name = Path.GetFileName(run.Notebook);
                Console.WriteLine($"  {(run.Succeeded ? "ok    " : "FAILED")} {name}: {run.CellsRun} cells, {run.Figures.Count(f => f.EndsWith(".svg", StringComparison.Ordinal))} figure(s), {run.TotalSeconds:F1} s (kernel start-up {run.StartupSeconds:F1} s)");
                foreach (var warning in run.Warnings) Console.Error.WriteLine($"         warning: {warning}");
                if (run.Failure is { } failure) Console.Error.WriteLine($"{name}: {failure.Value}");
            }
            Console.WriteLine($"Report: {result.Index}");
            return result.Succeeded ? 0 : 1;
        }));
        return command;
    }
}
