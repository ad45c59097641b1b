using System.Collections;

namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Applies its layers in order; they are named "0", "1", ... (or as given).</summary>
        public sealed class Sequential : Module<Tensor, Tensor>, IEnumerable<Module<Tensor, Tensor>>
        {
            private readonly List<Module<Tensor, Tensor>> layers = new();

            public Sequential(params Module<Tensor, Tensor>[] layers)
            {
                foreach (var layer in layers) append(layer);
            }

            public Sequential(params (string Name, Module<Tensor, Tensor> Layer)[] layers)
            {
                foreach (var (name, layer) in layers) Add(name, layer);
            }

            public Sequential append(Module<Tensor, Tensor> layer)
            {
                Add(layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
                return this;
            }

            private void Add(string name, Module<Tensor, Tensor> layer) => layers.Add(register_module(name, layer));

            public Module<Tensor, Tensor> this[int index] => layers[index];

            public int Count => layers.Count;

            // Intermediate results are freed as soon as the next layer has consumed them; autograd keeps what it needs.
            public override Tensor forward(Tensor input)
            {
                if (layers.Count == 0) return input.Alias();
                var x = layers[0].call(input);
                for (var i = 1; i < layers.Count; i++)
                {
                    var next = layers[i].call(x);
                    if (!ReferenceEquals(next, x) && x.OwnerScope is null) x.Dispose();
                    x = next;
                }
                return x;
            }

            public IEnumerator<Module<Tensor, Tensor>> GetEnumerator() => layers.GetEnumerator();

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }

        /// <summary>Holds submodules in a list so their parameters are registered; named "0", "1", ...</summary>
        public sealed class ModuleList<T> : Module, IReadOnlyList<T> where T : Module
        {
            private readonly List<T> items = new();

            public ModuleList(params T[] modules)
            {
                foreach (var m in modules) append(m);
            }

            public ModuleList(IEnumerable<T> modules) : this(modules.ToArray())
            {
            }

            public ModuleList<T> append(T module)
            {
                items.Add(register_module(items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module));
                return this;
            }

            public T this[int index] => items[index];

            public int Count => items.Count;

            public IEnumerator<T> GetEnumerator() => items.GetEnumerator();

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
