using System.Globalization;
using System.Text.Json;
using Research.Torch;
using static Research.Torch.torch;

namespace Research.Core.Training;

/// <summary>
/// Everything needed to continue a run exactly: the model's state dict, the optimiser's state and group
/// options, the scheduler's counters, the random generator's state and the trainer's own progress, in one
/// safetensors file (tensors by prefixed name, the rest as JSON metadata). Written atomically.
/// </summary>
public static class Checkpoint
{
    private const string ModelPrefix = "model.";
    private const string OptimizerPrefix = "optimizer.";
    private const string RngKey = "rng_state";

    /// <summary>What a checkpoint holds besides the model: the trainer's progress (any JSON-serialisable record).</summary>
    public sealed record Contents<TProgress>(TProgress Progress, optim.OptimizerState Optimizer, optim.SchedulerState? Scheduler, Tensor RngState) : IDisposable
    {
        public void Dispose()
        {
            Optimizer.Dispose();
            RngState.Dispose();
        }
    }

    public static void Save<TProgress>(string path, nn.Module model, optim.Optimizer optimizer, optim.SchedulerState? scheduler, TProgress progress)
    {
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, t) in model.state_dict()) tensors[ModelPrefix + name] = t;
        var optimizerState = optimizer.state_dict();
        foreach (var (index, entries) in optimizerState.State)
            foreach (var (name, t) in entries)
                tensors[$"{OptimizerPrefix}{index}.{name}"] = t;
        tensors[RngKey] = get_rng_state();
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "research-checkpoint/1",
            ["optimizer.groups"] = JsonSerializer.Serialize(optimizerState.GroupOptions),
            ["optimizer.sizes"] = JsonSerializer.Serialize(optimizerState.GroupSizes),
            ["progress"] = JsonSerializer.Serialize(progress),
        };
        if (scheduler is not null) metadata["scheduler"] = JsonSerializer.Serialize(scheduler);
        safetensors.save_file(tensors, path, metadata);
        optimizerState.Dispose();
    }

    /// <summary>Loads the model's weights into <paramref name="model"/> and returns the rest; the caller restores the optimiser and RNG.</summary>
    public static Contents<TProgress> Load<TProgress>(string path, nn.Module model)
    {
        var metadata = safetensors.load_metadata(path);
        if (!metadata.TryGetValue("format", out var format) || format != "research-checkpoint/1")
            throw new InvalidDataException($"{path}: not a Research checkpoint (format '{format ?? "missing"}', expected 'research-checkpoint/1')");
        var tensors = safetensors.load_file(path);
        try
        {
            model.load_state_dict(tensors.Where(kv => kv.Key.StartsWith(ModelPrefix, StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key[ModelPrefix.Length..], kv => kv.Value));
            var state = new Dictionary<int, Dictionary<string, Tensor>>();
            foreach (var (key, t) in tensors.Where(kv => kv.Key.StartsWith(OptimizerPrefix, StringComparison.Ordinal)))
            {
                var rest = key[OptimizerPrefix.Length..];
                var dot = rest.IndexOf('.');
                var index = int.Parse(rest[..dot], CultureInfo.InvariantCulture);
                if (!state.TryGetValue(index, out var entries)) state[index] = entries = new Dictionary<string, Tensor>();
                entries[rest[(dot + 1)..]] = t.clone().DetachFromDisposeScope();
            }
            var groups = JsonSerializer.Deserialize<List<Dictionary<string, double>>>(metadata["optimizer.groups"])!;
            var sizes = JsonSerializer.Deserialize<List<int>>(metadata["optimizer.sizes"])!;
            var scheduler = metadata.TryGetValue("scheduler", out var s) ? JsonSerializer.Deserialize<optim.SchedulerState>(s) : null;
            var progress = JsonSerializer.Deserialize<TProgress>(metadata["progress"])
                           ?? throw new InvalidDataException($"{path}: the checkpoint's progress record is empty");
            var optimizer = new optim.OptimizerState(state, groups.Select(g => (IReadOnlyDictionary<string, double>)g).ToList(), sizes);
            return new Contents<TProgress>(progress, optimizer, scheduler, tensors[RngKey].clone().DetachFromDisposeScope());
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }
}
