using Research.Core.Experiments;

namespace Research.Core.Tests.Experiments;

/// <summary>The run store keeps what runs write, in order, and reads it back.</summary>
public sealed class RunStoreTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("research-runstore-").FullName;

    private string StorePath => Path.Combine(directory, "runs.db");

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void A_run_reads_back_with_its_config_metrics_and_results()
    {
        using var store = RunStore.Open(StorePath);
        long id;
        using (var run = store.Start("spiral", new { hidden = 64, lr = 0.5 }, seed: 7))
        {
            id = run.Id;
            for (var step = 1; step <= 3; step++) run.LogStep(step, "loss", 1.0 / step);
            run.LogEpoch(1, "test_accuracy", 0.75);
            run.SetResult("test_accuracy", 0.75);
            run.SetResult("test_accuracy", 0.8);
            run.Complete();
        }

        var info = Assert.Single(store.Runs("spiral"));
        Assert.Equal((id, 7, RunStatus.Completed), (info.Id, info.Seed, info.Status));
        Assert.Equal("64", info.ConfigValue("hidden"));
        Assert.Equal("0.5", info.ConfigValue("lr"));
        Assert.NotNull(info.EndedAt);
        Assert.False(string.IsNullOrEmpty(info.Revision));
        Assert.Equal([1.0, 0.5, 1.0 / 3], store.Metrics("spiral", "loss").Select(p => p.Value));
        Assert.Equal([1L, 2L, 3L], store.Metrics("spiral", "loss").Select(p => p.Step));
        Assert.Equal(0.75, Assert.Single(store.Metrics("spiral", "test_accuracy", MetricKind.Epoch)).Value);
        Assert.Empty(store.Metrics("spiral", "test_accuracy", MetricKind.Step));
        var result = Assert.Single(store.Results("spiral"));
        Assert.Equal(("test_accuracy", 0.8), (result.Name, result.Value));
    }

    [Fact]
    public void Non_finite_losses_survive_as_NaN()
    {
        using var store = RunStore.Open(StorePath);
        using var run = store.Start("diverged", "{\"lr\": 100}", seed: 1);
        run.LogStep(1, "loss", double.NaN);
        run.LogStep(2, "loss", double.PositiveInfinity);
        run.Complete();
        Assert.Equal([double.NaN, double.PositiveInfinity], store.Metrics("diverged", "loss").Select(p => p.Value));
    }

    [Fact]
    public void A_run_disposed_without_completing_is_marked_failed()
    {
        using var store = RunStore.Open(StorePath);
        using (var run = store.Start("crash", new { }, seed: 1)) run.LogStep(1, "loss", 2.0);
        var info = Assert.Single(store.Runs("crash"));
        Assert.Equal(RunStatus.Failed, info.Status);
        Assert.Contains("disposed", info.Error);
        Assert.Single(store.Metrics("crash", "loss"));
    }

    [Fact]
    public void Writing_after_the_end_names_the_run()
    {
        using var store = RunStore.Open(StorePath);
        var run = store.Start("done", new { }, seed: 1);
        run.Complete();
        var error = Assert.Throws<InvalidOperationException>(() => run.LogStep(1, "loss", 1));
        Assert.Contains($"run {run.Id} of 'done' has already ended", error.Message);
    }

    [Theory]
    [InlineData("[1, 2]", "Array")]
    [InlineData("3", "Number")]
    public void Config_must_be_a_json_object(string config, string kind)
    {
        using var store = RunStore.Open(StorePath);
        var error = Assert.Throws<ArgumentException>(() => store.Start("x", config, seed: 1));
        Assert.Contains($"config must be a JSON object, got {kind}", error.Message);
    }

    [Fact]
    public void The_store_uses_write_ahead_logging()
    {
        using (RunStore.Open(StorePath)) { }
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={StorePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public void Writers_on_separate_connections_lose_no_row()
    {
        const int writers = 4, steps = 1500;
        var threads = Enumerable.Range(0, writers).Select(w => new Thread(() =>
        {
            using var store = RunStore.Open(StorePath);
            using var run = store.Start("concurrent", new { writer = w }, seed: w);
            for (var step = 1; step <= steps; step++)
            {
                run.LogStep(step, "loss", w + step / 1e4);
                if (step % 100 == 0) run.Flush(); // many small transactions, so the writers interleave
            }
            run.SetResult("final", w);
            run.Complete();
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        using var reader = RunStore.Open(StorePath);
        var runs = reader.Runs("concurrent");
        Assert.Equal(writers, runs.Count);
        Assert.All(runs, r => Assert.Equal(RunStatus.Completed, r.Status));
        foreach (var run in runs)
        {
            var losses = reader.Metrics([run.Id], "loss");
            Assert.Equal(Enumerable.Range(1, steps).Select(s => (long)s), losses.Select(p => p.Step));
            Assert.All(losses, p => Assert.Equal(run.Seed + p.Step / 1e4, p.Value, 12));
        }
        Assert.Equal(Enumerable.Range(0, writers).Select(w => (double)w), reader.Results("concurrent").Select(r => r.Value).Order());
    }

    [Fact]
    public void FindCompleted_matches_only_a_completed_run_of_the_same_config_seed_and_revision()
    {
        using var store = RunStore.Open(StorePath);
        var config = new { width = 64, condition = "dist2" };
        Assert.Null(store.FindCompleted("grid", config, seed: 1));
        using (var failed = store.Start("grid", config, seed: 1)) failed.Fail("boom");
        using (var running = store.Start("grid", config, seed: 1))
        {
            Assert.Null(store.FindCompleted("grid", config, seed: 1));
            running.Complete();
        }
        long latest;
        using (var again = store.Start("grid", config, seed: 1))
        {
            latest = again.Id;
            again.SetResult("mae", 7.5);
            again.Complete();
        }

        var found = store.FindCompleted("grid", config, seed: 1);
        Assert.Equal(latest, found?.Id);
        Assert.Equal(CodeRevision.Of(), found?.Revision);
        Assert.Equal(7.5, store.ResultsOf(latest)["mae"]);
        Assert.Null(store.FindCompleted("grid", config, seed: 2));
        Assert.Null(store.FindCompleted("other", config, seed: 1));
        Assert.Null(store.FindCompleted("grid", new { width = 32, condition = "dist2" }, seed: 1));
    }
}
