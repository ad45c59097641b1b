namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>The position-wise feed-forward block shared by the encoder and decoder layers: linear2(dropout(act(linear1(x)))).</summary>
        internal static Tensor FeedForward(Linear linear1, Dropout dropout, Linear linear2, string activation, Tensor x)
        {
            using var scope = NewDisposeScope();
            var h = linear1.call(x);
            h = activation == "gelu" ? h.gelu() : h.relu();
            return linear2.call(dropout.call(h)).MoveToOuterDisposeScope();
        }

        private static void CheckActivation(string activation)
        {
            if (activation is not ("relu" or "gelu"))
                throw new ArgumentException($"Transformer layer: activation must be 'relu' or 'gelu', got '{activation}'");
        }

        /// <summary>A causal mask for length sz: 0 on and below the diagonal, -inf above (float, additive).</summary>
        public static Tensor generate_square_subsequent_mask(long sz)
        {
            using var ones_ = ones(sz, sz);
            using var upper = ones_.triu(1).@bool();
            using var zeros_ = zeros(sz, sz);
            return zeros_.masked_fill(upper, double.NegativeInfinity);
        }

        /// <summary>Self-attention then feed-forward, each with a residual and layer norm (post-norm, or pre-norm with norm_first).</summary>
        public sealed class TransformerEncoderLayer : Module
        {
            private readonly string activation;

            public TransformerEncoderLayer(long d_model, long nhead, long dim_feedforward = 2048, double dropout = 0.1,
                string activation = "relu", double layer_norm_eps = 1e-5, bool batch_first = false, bool norm_first = false)
            {
                CheckActivation(activation);
                this.activation = activation;
                this.norm_first = norm_first;
                self_attn = register_module("self_attn", new MultiheadAttention(d_model, nhead, dropout, batch_first: batch_first));
                linear1 = register_module("linear1", new Linear(d_model, dim_feedforward));
                this.dropout = register_module("dropout", new Dropout(dropout));
                linear2 = register_module("linear2", new Linear(dim_feedforward, d_model));
                norm1 = register_module("norm1", new LayerNorm(d_model, layer_norm_eps));
                norm2 = register_module("norm2", new LayerNorm(d_model, layer_norm_eps));
                dropout1 = register_module("dropout1", new Dropout(dropout));
                dropout2 = register_module("dropout2", new Dropout(dropout));
            }

            public bool norm_first { get; }
            public MultiheadAttention self_attn { get; }
            public Linear linear1 { get; }
            public Dropout dropout { get; }
            public Linear linear2 { get; }
            public LayerNorm norm1 { get; }
            public LayerNorm norm2 { get; }
            public Dropout dropout1 { get; }
            public Dropout dropout2 { get; }

            public Tensor call(Tensor src, Tensor? src_mask = null, Tensor? src_key_padding_mask = null)
            {
                using var scope = NewDisposeScope();
                Tensor SelfAttention(Tensor x) =>
                    dropout1.call(self_attn.call(x, x, x, src_key_padding_mask, need_weights: false, attn_mask: src_mask).Output);
                Tensor Ff(Tensor x) => dropout2.call(FeedForward(linear1, dropout, linear2, activation, x));
                Tensor y;
                if (norm_first)
                {
                    var x = src + SelfAttention(norm1.call(src));
                    y = x + Ff(norm2.call(x));
                }
                else
                {
                    var x = norm1.call(src + SelfAttention(src));
                    y = norm2.call(x + Ff(x));
                }
                return AfterForward(src, y.MoveToOuterDisposeScope());
            }
        }

        /// <summary>Masked self-attention, cross-attention over the encoder memory, then feed-forward; each with residual and layer norm.</summary>
        public sealed class TransformerDecoderLayer : Module
        {
            private readonly string activation;

            public TransformerDecoderLayer(long d_model, long nhead, long dim_feedforward = 2048, double dropout = 0.1,
                string activation = "relu", double layer_norm_eps = 1e-5, bool batch_first = false, bool norm_first = false)
            {
                CheckActivation(activation);
                this.activation = activation;
                this.norm_first = norm_first;
                self_attn = register_module("self_attn", new MultiheadAttention(d_model, nhead, dropout, batch_first: batch_first));
                multihead_attn = register_module("multihead_attn", new MultiheadAttention(d_model, nhead, dropout, batch_first: batch_first));
                linear1 = register_module("linear1", new Linear(d_model, dim_feedforward));
                this.dropout = register_module("dropout", new Dropout(dropout));
                linear2 = register_module("linear2", new Linear(dim_feedforward, d_model));
                norm1 = register_module("norm1", new LayerNorm(d_model, layer_norm_eps));
                norm2 = register_module("norm2", new LayerNorm(d_model, layer_norm_eps));
                norm3 = register_module("norm3", new LayerNorm(d_model, layer_norm_eps));
                dropout1 = register_module("dropout1", new Dropout(dropout));
                dropout2 = register_module("dropout2", new Dropout(dropout));
                dropout3 = register_module("dropout3", new Dropout(dropout));
            }

            public bool norm_first { get; }
            public MultiheadAttention self_attn { get; }
            public MultiheadAttention multihead_attn { get; }
            public Linear linear1 { get; }
            public Dropout dropout { get; }
            public Linear linear2 { get; }
            public LayerNorm norm1 { get; }
            public LayerNorm norm2 { get; }
            public LayerNorm norm3 { get; }
            public Dropout dropout1 { get; }
            public Dropout dropout2 { get; }
            public Dropout dropout3 { get; }

            public Tensor call(Tensor tgt, Tensor memory, Tensor? tgt_mask = null, Tensor? memory_mask = null,
                Tensor? tgt_key_padding_mask = null, Tensor? memory_key_padding_mask = null)
            {
                using var scope = NewDisposeScope();
                Tensor SelfAttention(Tensor x) =>
                    dropout1.call(self_attn.call(x, x, x, tgt_key_padding_mask, need_weights: false, attn_mask: tgt_mask).Output);
                Tensor CrossAttention(Tensor x) =>
                    dropout2.call(multihead_attn.call(x, memory, memory, memory_key_padding_mask, need_weights: false, attn_mask: memory_mask).Output);
                Tensor Ff(Tensor x) => dropout3.call(FeedForward(linear1, dropout, linear2, activation, x));
                Tensor y;
                if (norm_first)
                {
                    var x = tgt + SelfAttention(norm1.call(tgt));
                    x = x + CrossAttention(norm2.call(x));
                    y = x + Ff(norm3.call(x));
                }
                else
                {
                    var x = norm1.call(tgt + SelfAttention(tgt));
                    x = norm2.call(x + CrossAttention(x));
                    y = norm3.call(x + Ff(x));
                }
                return AfterForward((tgt, memory), y.MoveToOuterDisposeScope());
            }
        }
    }
}
