using System.Text.Json;
using Research.Core.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Training;

/// <summary>
/// Everything needed to continue a run exactly: the model's state dict, the optimizer's state (TorchSharp's own
/// serialisation, kept as bytes), the learning-rate schedule's state, the random generator's state and the trainer's
/// progress, in one safetensors file with a checksum per tensor. Held in memory between epochs too, so a native
/// error mid-epoch restores the same state a restart from the file would.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    public const string Format = "research-checkpoint/2";
    private const string ModelPrefix = "model.";
    private const string OptimizerKey = "optimizer.state";
    private const string RngKey = "rng_state";

    private readonly Dictionary<string, Tensor> tensors;
    private readonly Dictionary<string, string> metadata;

    private Checkpoint(Dictionary<string, Tensor> tensors, Dictionary<string, string> metadata)
    {
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /// <summary>Copies the current state of a run (the tensors are cloned: later training does not change them).</summary>
    public static Checkpoint Capture<TProgress>(nn.Module model, OptimizerHelper optimizer, ILearningRateSchedule? schedule, TProgress progress)
    {
        // Temporaries such as t.detach() must stay referenced (by this scope) while native code copies from them: an
        // unreferenced one can be finalized mid-clone (a segfault in at::native::clone, seen under GC storms).
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>();
        using (no_grad())
            foreach (var (name, t) in model.state_dict())
                tensors[ModelPrefix + name] = t.detach().clone().DetachFromDisposeScope();
        using (var stream = new MemoryStream())
        {
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
            tensors[OptimizerKey] = torch.tensor(stream.ToArray()).DetachFromDisposeScope();
        }
        tensors[RngKey] = torch.get_rng_state().DetachFromDisposeScope();
        var metadata = new Dictionary<string, string>
        {
            ["format"] = Format,
            ["optimizer"] = optimizer.GetType().Name,
            ["progress"] = JsonSerializer.Serialize(progress, Json.Options),
        };
        if (schedule is not null) metadata["schedule"] = schedule.SaveState();
        return new Checkpoint(tensors, metadata);
    }

    /// <summary>Writes the checkpoint atomically.</summary>
    public void Save(string path) => SafeTensors.Save(tensors, path, metadata);

    /// <summary>Reads a checkpoint; a corrupt tensor or a file that is no checkpoint is an error naming the file.</summary>
    public static Checkpoint Load(string path)
    {
        var metadata = SafeTensors.LoadMetadata(path);
        if (!metadata.TryGetValue("format", out var format) || format != Format)
            throw new InvalidDataException($"{path}: not a Research checkpoint (format '{format ?? "missing"}', expected '{Format}')");
        return new Checkpoint(SafeTensors.Load(path), metadata);
    }

    /// <summary>The trainer's progress record.</summary>
    public TProgress Progress<TProgress>() =>
        JsonSerializer.Deserialize<TProgress>(metadata["progress"], Json.Options)
        ?? throw new InvalidDataException("the checkpoint's progress record is empty");

    /// <summary>Puts the saved state back into the model, the optimizer, the schedule and the random generator.</summary>
    public void Restore(nn.Module model, OptimizerHelper optimizer, ILearningRateSchedule? schedule)
    {
        if (metadata["optimizer"] != optimizer.GetType().Name)
            throw new InvalidDataException($"the checkpoint holds {metadata["optimizer"]} state, but the run uses {optimizer.GetType().Name}");
        var weights = tensors.Where(kv => kv.Key.StartsWith(ModelPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[ModelPrefix.Length..], kv => kv.Value);
        using (no_grad())
        {
            var own = model.state_dict();
            var missing = own.Keys.Except(weights.Keys).ToList();
            var unexpected = weights.Keys.Except(own.Keys).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new InvalidDataException($"the checkpoint does not fit the model: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]");
            foreach (var (name, target) in own)
            {
                var source = weights[name];
                if (!source.shape.SequenceEqual(target.shape))
                    throw new InvalidDataException($"the checkpoint's '{name}' has shape [{string.Join(", ", source.shape)}], the model's [{string.Join(", ", target.shape)}]");
                target.copy_(source);
            }
        }
        using (var stream = new MemoryStream(tensors[OptimizerKey].bytes.ToArray()))
        using (var reader = new BinaryReader(stream)) optimizer.load_state_dict(reader);
        if (schedule is not null && metadata.TryGetValue("schedule", out var s)) schedule.LoadState(s);
        torch.set_rng_state(tensors[RngKey]);
    }

    public void Dispose()
    {
        foreach (var t in tensors.Values) t.Dispose();
    }
}
