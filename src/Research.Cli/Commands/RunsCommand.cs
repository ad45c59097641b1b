using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Research.Core.Experiments;
using Research.Fsx;
using Spectre.Console;

namespace Research.Cli.Commands;

/// <summary><c>research runs</c>: what the run store holds, as a table or exported to CSV or JSON.</summary>
[CliCommand]
internal static class RunsCommand
{
    internal static Command Create()
    {
        var database = new Option<string>("--db") { Description = $"The run store (default: ${RunStore.PathVariable} or runs/runs.db of the kit).", DefaultValueFactory = _ => RunStore.DefaultPath() };
        var experiment = new Option<string?>("--experiment", "-e") { Description = "Only the runs of this experiment." };

        var list = new Command("list", "List runs: id, experiment, seed, status, duration, code revision and final results.") { database, experiment };
        list.SetAction(parse => UserErrors.Report("runs list", () =>
        {
            using var store = OpenExisting(parse.GetValue(database)!);
            var runs = store.Runs(parse.GetValue(experiment));
            var results = store.Results(runs.Select(r => r.Id)).ToLookup(r => r.RunId);
            var table = new Spectre.Console.Table().AddColumns("id", "experiment", "seed", "status", "started (UTC)", "seconds", "revision", "results");
            foreach (var run in runs)
                table.AddRow(
                    run.Id.ToString(), Markup.Escape(run.Experiment), run.Seed.ToString(), StatusMarkup(run.Status),
                    run.StartedAt.ToString("yyyy-MM-dd HH:mm:ss"), run.Seconds.ToString("F1"), Markup.Escape(run.Revision),
                    Markup.Escape(string.Join("  ", results[run.Id].Select(r => $"{r.Name} {r.Value:G4}"))));
            AnsiConsole.Write(table);
            Console.WriteLine($"{runs.Count} run(s) in {store.Path}");
            return 0;
        }));

        var what = new Option<string>("--what") { Description = "What to export.", DefaultValueFactory = _ => "runs" };
        what.AcceptOnlyFromAmong("runs", "metrics", "results");
        var format = new Option<string>("--format") { Description = "File format.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var output = new Option<string?>("--out") { Description = "The file to write (default: stdout)." };
        var export = new Command("export", "Export runs, their metrics or their results to CSV or JSON.") { database, experiment, what, format, output };
        export.SetAction(parse => UserErrors.Report("runs export", () =>
        {
            using var store = OpenExisting(parse.GetValue(database)!);
            var runs = store.Runs(parse.GetValue(experiment));
            var ids = runs.Select(r => r.Id).ToList();
            var csv = parse.GetValue(format) == "csv";
            var text = parse.GetValue(what) switch
            {
                "metrics" => Render(store.AllMetrics(ids), csv),
                "results" => Render(store.Results(ids), csv),
                _ => Render(runs, csv),
            };
            if (parse.GetValue(output) is { } path)
            {
                File.WriteAllText(path, text);
                Console.Error.WriteLine($"wrote {Path.GetFullPath(path)}");
            }
            else Console.Write(text);
            return 0;
        }));

        return new Command("runs", "The run store: list and export runs, metrics and results.") { list, export };
    }

    private static RunStore OpenExisting(string path) =>
        File.Exists(path) ? RunStore.Open(path) : throw new FileNotFoundException($"no run store at {Path.GetFullPath(path)} (pass --db or set ${RunStore.PathVariable})", path);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) }, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static string Render<T>(IReadOnlyList<T> rows, bool csv) =>
        csv ? TableModule.toCsv(TableModule.ofRecords(rows)) : JsonSerializer.Serialize(rows, Json) + Environment.NewLine;

    private static string StatusMarkup(RunStatus status) => status switch
    {
        RunStatus.Completed => "[green]completed[/]",
        RunStatus.Failed => "[red]failed[/]",
        RunStatus.Diverged => "[red]diverged[/]",
        RunStatus.Interrupted => "[magenta]interrupted[/]",
        _ => "[yellow]running[/]",
    };
}
