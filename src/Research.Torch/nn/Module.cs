using System.Text;

namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Called after a module's forward: the module, its input(s) and its output.</summary>
        public delegate void ForwardHook(Module module, object input, object output);

        /// <summary>
        /// The base of every layer and model, as torch.nn.Module: named parameters, buffers and children in
        /// registration order, train / eval, dtype and device moves, parameter counting and forward hooks.
        /// A module owns its parameters and buffers: disposing it frees them.
        /// </summary>
        public abstract partial class Module : IDisposable
        {
            private readonly List<(string Name, Tensor? Tensor)> ownParameters = new();
            private readonly List<(string Name, Tensor Tensor, bool Persistent)> ownBuffers = new();
            private readonly List<(string Name, Module Module)> ownChildren = new();
            private readonly List<ForwardHook> hooks = new();
            private bool disposed;

            /// <summary>True in training mode (dropout active, batch norm updating its statistics).</summary>
            public bool training { get; private set; } = true;

            /// <summary>Registers a trainable tensor under a name; it leaves any DisposeScope, since the module owns it.</summary>
            protected Tensor register_parameter(string name, Tensor tensor)
            {
                CheckName(name);
                var p = Parameter(tensor);
                ownParameters.Add((name, p));
                return p;
            }

            /// <summary>Registers an optional parameter that is absent (PyTorch's register_parameter(name, None)).</summary>
            protected void register_absent_parameter(string name)
            {
                CheckName(name);
                ownParameters.Add((name, null));
            }

            /// <summary>Registers a non-trainable state tensor; persistent buffers go into the state dict.</summary>
            protected Tensor register_buffer(string name, Tensor tensor, bool persistent = true)
            {
                CheckName(name);
                tensor.DetachFromDisposeScope();
                ownBuffers.Add((name, tensor, persistent));
                return tensor;
            }

            protected T register_module<T>(string name, T module) where T : Module
            {
                CheckName(name);
                ownChildren.Add((name, module ?? throw new ArgumentNullException(nameof(module))));
                return module;
            }

            /// <summary>Points an existing parameter slot at another tensor (weight tying: the same tensor in two places).</summary>
            protected void replace_parameter(string name, Tensor tensor)
            {
                var i = ownParameters.FindIndex(p => p.Name == name);
                if (i < 0) throw new ArgumentException($"{GetType().Name} has no parameter '{name}'");
                ownParameters[i] = (name, tensor);
            }

            private void CheckName(string name)
            {
                if (string.IsNullOrEmpty(name) || name.Contains('.'))
                    throw new ArgumentException($"{GetType().Name}: invalid member name '{name}' (non-empty, no dots)");
                if (ownParameters.Any(p => p.Name == name) || ownBuffers.Any(b => b.Name == name) || ownChildren.Any(c => c.Name == name))
                    throw new ArgumentException($"{GetType().Name}: '{name}' is already registered");
            }

            /// <summary>Parameters with dotted names, each tensor once (a tied tensor appears under its first name).</summary>
            public IEnumerable<(string Name, Tensor Parameter)> named_parameters(bool recurse = true)
            {
                var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                foreach (var (prefix, module) in recurse ? named_modules() : [("", this)])
                    foreach (var (name, p) in module.ownParameters)
                        if (p is not null && seen.Add(p))
                            yield return (Join(prefix, name), p);
            }

            public IEnumerable<Tensor> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.Parameter);

            public IEnumerable<(string Name, Tensor Buffer)> named_buffers(bool recurse = true)
            {
                foreach (var (prefix, module) in recurse ? named_modules() : [("", this)])
                    foreach (var (name, b, _) in module.ownBuffers)
                        yield return (Join(prefix, name), b);
            }

            public IEnumerable<Tensor> buffers(bool recurse = true) => named_buffers(recurse).Select(b => b.Buffer);

            public IEnumerable<(string Name, Module Module)> named_children() => ownChildren;

            public IEnumerable<Module> children() => ownChildren.Select(c => c.Module);

            /// <summary>This module (name "") and every descendant, depth first, with dotted names.</summary>
            public IEnumerable<(string Name, Module Module)> named_modules()
            {
                yield return ("", this);
                foreach (var (name, child) in ownChildren)
                    foreach (var (sub, m) in child.named_modules())
                        yield return (Join(name, sub), m);
            }

            public IEnumerable<Module> modules() => named_modules().Select(m => m.Module);

            /// <summary>The number of parameter elements (each tied tensor counted once).</summary>
            public long num_parameters(bool only_trainable = false) =>
                parameters().Where(p => !only_trainable || p.requires_grad).Sum(p => p.numel());

            public Module train(bool mode = true)
            {
                foreach (var m in modules()) m.training = mode;
                return this;
            }

            public Module eval() => train(false);

            /// <summary>Clears every parameter's gradient (to None by default).</summary>
            public void zero_grad(bool set_to_none = true)
            {
                foreach (var p in parameters()) p.zero_grad(set_to_none);
            }

            /// <summary>Converts floating-point parameters and buffers in place (their identities are kept).</summary>
            public Module to(ScalarType dtype)
            {
                if (!dtype.IsFloatingPoint()) throw new ArgumentException($"Module.to: dtype must be floating point, got {dtype.PyTorchName()}");
                Apply(t => t.is_floating_point() ? t.to(dtype) : null);
                return this;
            }

            public Module to(Device device)
            {
                Apply(t => t.to(device));
                return this;
            }

            private void Apply(Func<Tensor, Tensor?> convert)
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                foreach (var t in parameters().Concat(buffers()))
                {
                    var converted = convert(t);
                    if (converted is null) continue;
                    t.set_data(converted);
                    if (t.grad is { } g) t.grad = convert(g) ?? g;
                }
            }

            /// <summary>Runs after every forward of this module until the returned handle is disposed.</summary>
            public IDisposable register_forward_hook(ForwardHook hook)
            {
                hooks.Add(hook ?? throw new ArgumentNullException(nameof(hook)));
                return new HookHandle(() => hooks.Remove(hook));
            }

            /// <summary>Runs the forward hooks; every module's call goes through here.</summary>
            protected TOut AfterForward<TOut>(object input, TOut output)
            {
                foreach (var hook in hooks.ToArray()) hook(this, input, output!);
                return output;
            }

            /// <summary>One-line settings for the printed form, as PyTorch's extra_repr.</summary>
            protected virtual string extra_repr() => "";

            public override string ToString()
            {
                var sb = new StringBuilder(GetType().Name).Append('(').Append(extra_repr());
                if (ownChildren.Count > 0)
                {
                    sb.Append('\n');
                    foreach (var (name, child) in ownChildren)
                        sb.Append("  (").Append(name).Append("): ").Append(child.ToString().Replace("\n", "\n  ")).Append('\n');
                }
                return sb.Append(')').ToString();
            }

            public void Dispose()
            {
                if (disposed) return;
                disposed = true;
                foreach (var c in ownChildren) c.Module.Dispose();
                foreach (var p in ownParameters) p.Tensor?.Dispose();
                foreach (var b in ownBuffers) b.Tensor.Dispose();
                GC.SuppressFinalize(this);
            }

            internal static string Join(string prefix, string name) =>
                prefix.Length == 0 ? name : name.Length == 0 ? prefix : prefix + "." + name;

            private sealed class HookHandle(Action remove) : IDisposable
            {
                private Action? remove = remove;

                public void Dispose()
                {
                    remove?.Invoke();
                    remove = null;
                }
            }

            internal IEnumerable<(string Name, Tensor Tensor)> PersistentEntries()
            {
                foreach (var (prefix, module) in named_modules())
                {
                    foreach (var (name, p) in module.ownParameters)
                        if (p is not null) yield return (Join(prefix, name), p);
                    foreach (var (name, b, persistent) in module.ownBuffers)
                        if (persistent) yield return (Join(prefix, name), b);
                }
            }
        }

        /// <summary>A module with one input and one output; call() runs forward and the hooks.</summary>
        public abstract class Module<TIn, TOut> : Module
        {
            public abstract TOut forward(TIn input);

            public TOut call(TIn input) => AfterForward(input!, forward(input));
        }

        /// <summary>Marks a tensor as a trainable leaf owned by a module (torch.nn.Parameter).</summary>
        public static Tensor Parameter(Tensor data, bool requires_grad = true)
        {
            ArgumentNullException.ThrowIfNull(data);
            var p = data.is_leaf ? data : data.detach();
            if (!ReferenceEquals(p, data)) data.Dispose();
            p.requires_grad = requires_grad;
            return p.DetachFromDisposeScope();
        }
    }
}
