namespace Research.Torch;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>
        /// The base of the optimisers: parameter groups with per-group options, per-parameter state tensors, and a
        /// state dict (state by parameter index, plus each group's options) so that training resumes exactly.
        /// </summary>
        public abstract class Optimizer : IDisposable
        {
            private readonly Dictionary<Tensor, Dictionary<string, Tensor>> state = new(ReferenceEqualityComparer.Instance);

            protected Optimizer(IEnumerable<ParamGroup> groups, IReadOnlyDictionary<string, double> defaults)
            {
                param_groups = groups.ToList();
                if (param_groups.Count == 0 || param_groups.All(g => g.Parameters.Count == 0))
                    throw new ArgumentException($"{GetType().Name}: got an empty parameter list");
                var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                foreach (var g in param_groups)
                {
                    foreach (var (k, v) in defaults) g.Options.TryAdd(k, v);
                    foreach (var p in g.Parameters)
                    {
                        if (!seen.Add(p)) throw new ArgumentException($"{GetType().Name}: a parameter appears in more than one group (or twice in one)");
                        if (!p.is_leaf) throw new ArgumentException($"{GetType().Name}: can't optimise a non-leaf tensor");
                    }
                }
            }

            public List<ParamGroup> param_groups { get; }

            /// <summary>Clears the gradients of every parameter (to None by default).</summary>
            public void zero_grad(bool set_to_none = true)
            {
                foreach (var g in param_groups)
                    foreach (var p in g.Parameters)
                        p.zero_grad(set_to_none);
            }

            /// <summary>Applies one update to every parameter that has a gradient.</summary>
            public void step()
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                foreach (var g in param_groups)
                    foreach (var p in g.Parameters)
                    {
                        var grad = p.grad;
                        if (grad is null) continue;
                        Update(p, grad, g, StateOf(p));
                    }
            }

            /// <summary>The update of one parameter, under no_grad inside a scope (temporaries are freed).</summary>
            protected abstract void Update(Tensor parameter, Tensor grad, ParamGroup group, Dictionary<string, Tensor> state);

            /// <summary>Keeps a state tensor beyond the step's scope.</summary>
            protected static Tensor Keep(Dictionary<string, Tensor> state, string name, Tensor value)
            {
                if (state.TryGetValue(name, out var old)) old.Dispose();
                state[name] = value.DetachFromDisposeScope();
                return value;
            }

            private Dictionary<string, Tensor> StateOf(Tensor p)
            {
                if (!state.TryGetValue(p, out var s)) state[p] = s = new Dictionary<string, Tensor>();
                return s;
            }

            private IEnumerable<Tensor> AllParameters() => param_groups.SelectMany(g => g.Parameters);

            /// <summary>State by parameter index (in group order) and each group's options: copies, owned by the caller.</summary>
            public OptimizerState state_dict()
            {
                var byIndex = new Dictionary<int, Dictionary<string, Tensor>>();
                var index = 0;
                foreach (var p in AllParameters())
                {
                    if (state.TryGetValue(p, out var s) && s.Count > 0)
                        byIndex[index] = s.ToDictionary(kv => kv.Key, kv => kv.Value.clone().DetachFromDisposeScope());
                    index++;
                }
                var groups = param_groups.Select(g => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>(g.Options)).ToList();
                var sizes = param_groups.Select(g => g.Parameters.Count).ToList();
                return new OptimizerState(byIndex, groups, sizes);
            }

            /// <summary>Restores options and state saved by <see cref="state_dict"/> from an optimiser over the same parameters.</summary>
            public void load_state_dict(OptimizerState saved)
            {
                ArgumentNullException.ThrowIfNull(saved);
                var sizes = param_groups.Select(g => g.Parameters.Count).ToList();
                if (!sizes.SequenceEqual(saved.GroupSizes))
                    throw new ArgumentException($"{GetType().Name}.load_state_dict: the saved groups have sizes [{string.Join(", ", saved.GroupSizes)}] but this optimiser's have [{string.Join(", ", sizes)}]");
                for (var i = 0; i < param_groups.Count; i++)
                    foreach (var (k, v) in saved.GroupOptions[i]) param_groups[i].Options[k] = v;
                foreach (var s in state.Values)
                    foreach (var t in s.Values) t.Dispose();
                state.Clear();
                var parameters = AllParameters().ToList();
                foreach (var (index, entries) in saved.State)
                {
                    if (index < 0 || index >= parameters.Count)
                        throw new ArgumentException($"{GetType().Name}.load_state_dict: state for parameter {index}, but there are {parameters.Count}");
                    var p = parameters[index];
                    state[p] = entries.ToDictionary(kv => kv.Key, kv => kv.Value.to(p.device).clone().DetachFromDisposeScope());
                }
            }

            public void Dispose()
            {
                foreach (var s in state.Values)
                    foreach (var t in s.Values) t.Dispose();
                state.Clear();
                GC.SuppressFinalize(this);
            }

            protected static bool Flag(ParamGroup g, string option) => g[option] != 0;
        }

        /// <summary>An optimiser's saved state: per-parameter tensors by index, each group's options, and group sizes.</summary>
        public sealed record OptimizerState(
            IReadOnlyDictionary<int, Dictionary<string, Tensor>> State,
            IReadOnlyList<IReadOnlyDictionary<string, double>> GroupOptions,
            IReadOnlyList<int> GroupSizes) : IDisposable
        {
            public void Dispose()
            {
                foreach (var s in State.Values)
                    foreach (var t in s.Values) t.Dispose();
            }
        }
    }
}
