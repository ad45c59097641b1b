namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>The keys load_state_dict could not match (with strict = false).</summary>
        public sealed record IncompatibleKeys(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);

        public abstract partial class Module
        {
            /// <summary>
            /// Every parameter and persistent buffer by dotted name (a tied tensor under each of its names).
            /// The values are new handles to the module's own storage, detached from autograd: dispose them, or
            /// call this inside a DisposeScope.
            /// </summary>
            public OrderedDictionary<string, Tensor> state_dict()
            {
                var result = new OrderedDictionary<string, Tensor>();
                foreach (var (name, t) in PersistentEntries()) result[name] = t.detach();
                return result;
            }

            /// <summary>
            /// Copies values into the parameters and buffers by name. With strict, missing or unexpected keys are
            /// an error that lists them; a shape mismatch is always an error naming the key.
            /// </summary>
            public IncompatibleKeys load_state_dict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
            {
                ArgumentNullException.ThrowIfNull(state);
                var own = PersistentEntries().ToList();
                var ownNames = own.Select(e => e.Name).ToHashSet();
                var missing = own.Select(e => e.Name).Where(n => !state.ContainsKey(n)).ToList();
                var unexpected = state.Keys.Where(k => !ownNames.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
                if (strict && (missing.Count > 0 || unexpected.Count > 0))
                    throw new ArgumentException($"Error(s) in loading state_dict for {GetType().Name}:" +
                        (missing.Count > 0 ? $" Missing key(s): {string.Join(", ", missing)}." : "") +
                        (unexpected.Count > 0 ? $" Unexpected key(s): {string.Join(", ", unexpected)}." : ""));
                var mismatched = own.Where(e => state.TryGetValue(e.Name, out var v) && !v.shape.SequenceEqual(e.Tensor.shape))
                    .Select(e => $"size mismatch for {e.Name}: the checkpoint has shape [{string.Join(", ", state[e.Name].shape)}], the model has [{string.Join(", ", e.Tensor.shape)}]")
                    .ToList();
                if (mismatched.Count > 0)
                    throw new ArgumentException($"Error(s) in loading state_dict for {GetType().Name}: {string.Join("; ", mismatched)}");
                using var _ = no_grad();
                foreach (var (name, t) in own)
                    if (state.TryGetValue(name, out var value)) t.copy_(value);
                return new IncompatibleKeys(missing, unexpected);
            }

            /// <summary>Writes the state dict to a safetensors file.</summary>
            public void save(string path)
            {
                using var scope = NewDisposeScope();
                safetensors.save_file(state_dict(), path);
            }

            /// <summary>Loads a safetensors state dict written by save() or by PyTorch's safetensors.torch.save_file.</summary>
            public IncompatibleKeys load(string path, bool strict = true)
            {
                var state = safetensors.load_file(path);
                try
                {
                    return load_state_dict(state, strict);
                }
                finally
                {
                    foreach (var t in state.Values) t.Dispose();
                }
            }
        }
    }
}
