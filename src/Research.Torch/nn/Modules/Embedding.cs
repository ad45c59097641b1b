namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>A lookup table of num_embeddings vectors of size embedding_dim, initialised N(0, 1); the padding row is zero and gets no gradient.</summary>
        public sealed class Embedding : Module<Tensor, Tensor>
        {
            public Embedding(long num_embeddings, long embedding_dim, long? padding_idx = null, ScalarType? dtype = null)
            {
                if (num_embeddings <= 0 || embedding_dim <= 0)
                    throw new ArgumentOutOfRangeException(nameof(num_embeddings), $"Embedding: sizes must be positive, got {num_embeddings} x {embedding_dim}");
                if (padding_idx is { } p && (p >= num_embeddings || p < -num_embeddings))
                    throw new ArgumentOutOfRangeException(nameof(padding_idx), $"Embedding: padding_idx {p} is out of range for {num_embeddings} embeddings");
                this.num_embeddings = num_embeddings;
                this.embedding_dim = embedding_dim;
                this.padding_idx = padding_idx is { } q && q < 0 ? q + num_embeddings : padding_idx;
                weight = register_parameter("weight", empty([num_embeddings, embedding_dim], dtype));
                reset_parameters();
            }

            public long num_embeddings { get; }
            public long embedding_dim { get; }
            public long? padding_idx { get; }
            public Tensor weight { get; }

            public void reset_parameters()
            {
                init.normal_(weight);
                if (padding_idx is { } p)
                {
                    using var _ = no_grad();
                    using var row = weight[p];
                    row.zero_();
                }
            }

            public override Tensor forward(Tensor input) => functional.embedding(input, weight, padding_idx);

            protected override string extra_repr() =>
                $"{num_embeddings}, {embedding_dim}" + (padding_idx is { } p ? $", padding_idx={p}" : "");
        }
    }
}
