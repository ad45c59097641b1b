using System.Runtime.CompilerServices;

namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// Captures the outputs of named submodules on every forward pass (through forward hooks), keeping them
        /// attached to the autograd graph so a loss can be built on them (layer alignment, probes).
        /// For a module that returns a tuple, the first tensor in it is recorded (e.g. an RNN's output sequence).
        /// </summary>
        public sealed class ActivationRecorder : IDisposable
        {
            private readonly Dictionary<string, Tensor> latest = new();
            private readonly List<IDisposable> hooks = new();

            public ActivationRecorder(Module model, params string[] names)
            {
                ArgumentNullException.ThrowIfNull(model);
                var modules = model.named_modules().ToDictionary(m => m.Name, m => m.Module);
                foreach (var name in names)
                {
                    if (!modules.TryGetValue(name, out var module))
                        throw new ArgumentException($"ActivationRecorder: {model.GetType().Name} has no submodule '{name}'; available: {string.Join(", ", modules.Keys.Where(k => k.Length > 0))}");
                    hooks.Add(module.register_forward_hook((_, _, output) => latest[name] = FirstTensor(output, name)));
                }
                Names = names;
            }

            public IReadOnlyList<string> Names { get; }

            /// <summary>The activation recorded for a name in the latest forward pass.</summary>
            public Tensor this[string name] => latest.TryGetValue(name, out var t)
                ? t
                : throw new KeyNotFoundException($"ActivationRecorder: nothing recorded for '{name}' yet; run a forward pass first");

            public IReadOnlyDictionary<string, Tensor> Activations => latest;

            /// <summary>Forgets the recorded tensors (they stay owned by the scope that created them).</summary>
            public void Clear() => latest.Clear();

            public void Dispose()
            {
                foreach (var h in hooks) h.Dispose();
                hooks.Clear();
                latest.Clear();
            }

            private static Tensor FirstTensor(object output, string name) => output switch
            {
                Tensor t => t,
                ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => tuple[i]).OfType<Tensor>().FirstOrDefault()
                                ?? throw new InvalidOperationException($"ActivationRecorder: the output of '{name}' holds no tensor"),
                _ => throw new InvalidOperationException($"ActivationRecorder: the output of '{name}' is a {output.GetType().Name}, not a tensor"),
            };
        }
    }
}
