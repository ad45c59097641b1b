namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// Multi-head scaled dot-product attention composed from matmul and softmax (libtorch 1.13 has no public
        /// fused kernel). Parameters and their names match PyTorch's (in_proj_weight [3E, E], in_proj_bias,
        /// out_proj). Inputs are [L, N, E], or [N, L, E] with batch_first.
        /// Masks: attn_mask [L, S] or [N*heads, L, S], boolean (true = not allowed) or additive float;
        /// key_padding_mask [N, S], boolean (true = padding) or additive float.
        /// </summary>
        public sealed class MultiheadAttention : Module
        {
            public MultiheadAttention(long embed_dim, long num_heads, double dropout = 0.0, bool bias = true, bool batch_first = false)
            {
                if (embed_dim <= 0 || num_heads <= 0 || embed_dim % num_heads != 0)
                    throw new ArgumentException($"MultiheadAttention: embed_dim {embed_dim} must be positive and divisible by num_heads {num_heads}");
                this.embed_dim = embed_dim;
                this.num_heads = num_heads;
                this.dropout = dropout;
                this.batch_first = batch_first;
                head_dim = embed_dim / num_heads;
                in_proj_weight = register_parameter("in_proj_weight", empty([3 * embed_dim, embed_dim]));
                if (bias) in_proj_bias = register_parameter("in_proj_bias", empty([3 * embed_dim]));
                else register_absent_parameter("in_proj_bias");
                out_proj = register_module("out_proj", new Linear(embed_dim, embed_dim, bias));
                init.xavier_uniform_(in_proj_weight);
                if (in_proj_bias is not null) init.zeros_(in_proj_bias);
                if (out_proj.bias is not null) init.zeros_(out_proj.bias);
            }

            public long embed_dim { get; }
            public long num_heads { get; }
            public long head_dim { get; }
            public double dropout { get; }
            public bool batch_first { get; }
            public Tensor in_proj_weight { get; }
            public Tensor? in_proj_bias { get; }
            public Linear out_proj { get; }

            /// <summary>Returns the attended values and, if need_weights, the attention weights [N, L, S] (averaged over heads) or [N, heads, L, S].</summary>
            public (Tensor Output, Tensor? Weights) call(Tensor query, Tensor key, Tensor value, Tensor? key_padding_mask = null,
                bool need_weights = true, Tensor? attn_mask = null, bool average_attn_weights = true)
            {
                var result = Attend(query, key, value, key_padding_mask, need_weights, attn_mask, average_attn_weights);
                return AfterForward((query, key, value), result);
            }

            private (Tensor, Tensor?) Attend(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask, bool needWeights,
                Tensor? attnMask, bool averageWeights)
            {
                using var scope = NewDisposeScope();
                if (batch_first)
                {
                    query = query.transpose(0, 1);
                    key = key.transpose(0, 1);
                    value = value.transpose(0, 1);
                }
                var (l, n, e) = Dims(query, "query");
                var (s, nk, _) = Dims(key, "key");
                if (nk != n || !value.shape.SequenceEqual(key.shape))
                    throw new ArgumentException($"MultiheadAttention: key [{string.Join(", ", key.shape)}] and value [{string.Join(", ", value.shape)}] must match, with batch {n}");
                var w = in_proj_weight.chunk(3);
                var b = in_proj_bias?.chunk(3);
                // Project and split heads: [L, N, E] -> [N*H, L, hd].
                Tensor Heads(Tensor x, int i, long length) =>
                    functional.linear(x, w[i], b?[i]).reshape(length, n * num_heads, head_dim).transpose(0, 1);
                var q = Heads(query, 0, l) / Math.Sqrt(head_dim);
                var k = Heads(key, 1, s);
                var v = Heads(value, 2, s);
                var scores = q.bmm(k.transpose(1, 2)); // [N*H, L, S]
                if (attnMask is not null) scores = ApplyMask(scores, attnMask.dim() == 2 ? attnMask.unsqueeze(0) : attnMask, "attn_mask");
                if (keyPaddingMask is not null)
                {
                    if (!keyPaddingMask.shape.SequenceEqual([n, s]))
                        throw new ArgumentException($"MultiheadAttention: key_padding_mask has shape [{string.Join(", ", keyPaddingMask.shape)}]: expected [{n}, {s}]");
                    var perHead = keyPaddingMask.view(n, 1, 1, s).expand(n, num_heads, 1, s).reshape(n * num_heads, 1, s);
                    scores = ApplyMask(scores, perHead, "key_padding_mask");
                }
                var attention = scores.softmax(-1);
                var dropped = dropout > 0 ? functional.dropout(attention, dropout, training) : attention;
                var output = dropped.bmm(v).transpose(0, 1).reshape(l, n, e); // [L, N, E]
                output = out_proj.call(output);
                if (batch_first) output = output.transpose(0, 1);
                Tensor? weights = null;
                if (needWeights)
                {
                    weights = attention.view(n, num_heads, l, s);
                    if (averageWeights) weights = weights.mean(1);
                    weights.MoveToOuterDisposeScope();
                }
                return (output.MoveToOuterDisposeScope(), weights);
            }

            private static Tensor ApplyMask(Tensor scores, Tensor mask, string name) =>
                mask.dtype == ScalarType.Bool ? scores.masked_fill(mask, double.NegativeInfinity)
                : mask.is_floating_point() ? scores + mask
                : throw new ArgumentException($"MultiheadAttention: {name} must be bool or floating point, got {mask.dtype.PyTorchName()}");

            private (long, long, long) Dims(Tensor x, string name)
            {
                var shape = x.shape;
                if (shape.Length != 3 || shape[2] != embed_dim)
                    throw new ArgumentException($"MultiheadAttention: {name} has shape [{string.Join(", ", shape)}]: expected [{(batch_first ? "N, L" : "L, N")}, {embed_dim}]");
                return (shape[0], shape[1], shape[2]);
            }

            protected override string extra_repr() => $"embed_dim={embed_dim}, num_heads={num_heads}, dropout={dropout}, batch_first={batch_first}";
        }
    }
}
