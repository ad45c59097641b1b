/*
 * research_torch.h: the C ABI of the Research kit's libtorch shim.
 *
 * Conventions
 *   - A tensor handle is an opaque pointer that owns one reference to a libtorch tensor.
 *     Every handle returned by a function must be released with rt_tensor_free.
 *   - A function that returns a handle returns NULL on failure; one that returns int32_t
 *     returns a negative value on failure. The reason is then in rt_last_error() (message
 *     without backtrace) and rt_last_error_backtrace() (the full text with the C++ backtrace).
 *   - Optional tensor arguments accept NULL.
 *   - dtype codes are c10::ScalarType values (RT_DTYPE_*); -1 means "keep / default".
 *   - A device code is 0 for the CPU and 1 + i for CUDA device i.
 *   - Operations are selected by the op-code enums below, so the ABI stays small.
 * Bump RT_ABI_VERSION whenever a signature or an enum value changes.
 */
#ifndef RESEARCH_TORCH_H
#define RESEARCH_TORCH_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

#define RT_ABI_VERSION 4

typedef struct rt_tensor_opaque* rt_tensor;

/* A PyTorch scalar: kind 0 = double (f), 1 = int64 (i), 2 = bool (i != 0). */
typedef struct rt_scalar {
    double f;
    int64_t i;
    int32_t kind;
} rt_scalar;

enum rt_dtype {
    RT_DTYPE_UINT8 = 0, RT_DTYPE_INT8 = 1, RT_DTYPE_INT16 = 2, RT_DTYPE_INT32 = 3,
    RT_DTYPE_INT64 = 4, RT_DTYPE_FLOAT16 = 5, RT_DTYPE_FLOAT32 = 6, RT_DTYPE_FLOAT64 = 7,
    RT_DTYPE_BOOL = 11, RT_DTYPE_BFLOAT16 = 15
};

enum rt_device_type { RT_DEVICE_CPU = 0, RT_DEVICE_CUDA = 1 };

enum rt_error_kind {
    RT_ERROR_NONE = 0, RT_ERROR_GENERIC = 1, RT_ERROR_INDEX = 2, RT_ERROR_VALUE = 3,
    RT_ERROR_TYPE = 4, RT_ERROR_NOT_IMPLEMENTED = 5, RT_ERROR_OUT_OF_MEMORY = 6, RT_ERROR_STD = 7
};

enum rt_unary_op {
    RT_UNARY_NEG = 0, RT_UNARY_ABS, RT_UNARY_EXP, RT_UNARY_LOG, RT_UNARY_LOG1P, RT_UNARY_SQRT,
    RT_UNARY_RSQRT, RT_UNARY_SIGN, RT_UNARY_TANH, RT_UNARY_SIGMOID, RT_UNARY_RELU, RT_UNARY_GELU,
    RT_UNARY_SIN, RT_UNARY_COS, RT_UNARY_FLOOR, RT_UNARY_CEIL, RT_UNARY_ROUND, RT_UNARY_TRUNC,
    RT_UNARY_SQUARE, RT_UNARY_RECIPROCAL, RT_UNARY_ERF, RT_UNARY_EXPM1, RT_UNARY_LOG2,
    RT_UNARY_SILU, RT_UNARY_LOGICAL_NOT, RT_UNARY_ISNAN, RT_UNARY_ISINF, RT_UNARY_ISFINITE,
    RT_UNARY_GELU_TANH, RT_UNARY_SOFTPLUS, RT_UNARY_ELU, RT_UNARY_SELU, RT_UNARY_LOGSIGMOID,
    RT_UNARY_ZERO, RT_UNARY_COUNT
};

enum rt_binary_op {
    RT_BINARY_ADD = 0, RT_BINARY_SUB, RT_BINARY_MUL, RT_BINARY_DIV, RT_BINARY_POW,
    RT_BINARY_REMAINDER, RT_BINARY_MAXIMUM, RT_BINARY_MINIMUM, RT_BINARY_EQ, RT_BINARY_NE,
    RT_BINARY_LT, RT_BINARY_LE, RT_BINARY_GT, RT_BINARY_GE, RT_BINARY_LOGICAL_AND,
    RT_BINARY_LOGICAL_OR, RT_BINARY_LOGICAL_XOR, RT_BINARY_ATAN2, RT_BINARY_FLOOR_DIVIDE,
    RT_BINARY_BITWISE_AND, RT_BINARY_BITWISE_OR, RT_BINARY_BITWISE_XOR,
    /* scalar-only, reversed operands: scalar OP tensor */
    RT_BINARY_RSUB, RT_BINARY_RDIV, RT_BINARY_RPOW,
    /* in-place only: copy_ (tensor) and fill_ (scalar) */
    RT_BINARY_COPY, RT_BINARY_COUNT
};

enum rt_reduce_op {
    RT_REDUCE_SUM = 0, RT_REDUCE_MEAN, RT_REDUCE_PROD, RT_REDUCE_LOGSUMEXP, RT_REDUCE_AMAX,
    RT_REDUCE_AMIN, RT_REDUCE_ALL, RT_REDUCE_ANY, RT_REDUCE_COUNT
};

/* ---- errors and runtime (runtime.cpp, error.cpp) ---- */
int32_t rt_abi_version(void);
int32_t rt_last_error_kind(void);
const char* rt_last_error(void);
const char* rt_last_error_backtrace(void);
void rt_clear_error(void);
const char* rt_torch_version(void);
const char* rt_parallel_info(void);
const char* rt_blas_info(void);
int32_t rt_manual_seed(uint64_t seed);
uint64_t rt_initial_seed(void);
int32_t rt_set_num_threads(int32_t n);
int32_t rt_get_num_threads(void);
int32_t rt_set_num_interop_threads(int32_t n);
int32_t rt_set_deterministic_algorithms(int32_t enabled, int32_t warn_only);
int32_t rt_deterministic_algorithms_enabled(void);
int32_t rt_cuda_is_available(void);
int32_t rt_cuda_device_count(void);
int32_t rt_set_grad_enabled(int32_t enabled);
int32_t rt_is_grad_enabled(void);
int64_t rt_live_tensors(void);
/* The default CPU generator's full state as a uint8 tensor, and its restoration (exact resumption). */
rt_tensor rt_get_rng_state(void);
int32_t rt_set_rng_state(rt_tensor state);
/* Raises a deliberate error of the given kind: lets tests exercise the error path. */
int32_t rt_raise_test_error(int32_t kind);

/* ---- handles and properties (tensor_core.cpp) ---- */
void rt_tensor_free(rt_tensor t);
int64_t rt_tensor_dim(rt_tensor t);
int64_t rt_tensor_numel(rt_tensor t);
int64_t rt_tensor_nbytes(rt_tensor t);
int32_t rt_tensor_sizes(rt_tensor t, int64_t* out, int32_t cap);
int32_t rt_tensor_strides(rt_tensor t, int64_t* out, int32_t cap);
int32_t rt_tensor_dtype(rt_tensor t);
int32_t rt_tensor_device(rt_tensor t, int32_t* index_out);
int32_t rt_tensor_is_contiguous(rt_tensor t);
int32_t rt_tensor_requires_grad(rt_tensor t);
int32_t rt_tensor_set_requires_grad(rt_tensor t, int32_t value);
int32_t rt_tensor_is_leaf(rt_tensor t);
int32_t rt_tensor_has_grad_fn(rt_tensor t);
/* Copies the tensor's values (as a contiguous CPU array of its dtype) into dst. */
int32_t rt_tensor_copy_out(rt_tensor t, void* dst, int64_t nbytes);
int32_t rt_tensor_item_double(rt_tensor t, double* out);
int32_t rt_tensor_item_int64(rt_tensor t, int64_t* out);
int32_t rt_tensor_same_storage(rt_tensor a, rt_tensor b);
const void* rt_tensor_data_ptr(rt_tensor t);

/* ---- creation (tensor_create.cpp) ---- */
/* Copies nbytes from data into a new tensor of the given dtype and sizes. */
rt_tensor rt_from_data(const void* data, int64_t nbytes, int32_t dtype, const int64_t* sizes, int32_t ndim);
rt_tensor rt_empty(const int64_t* sizes, int32_t ndim, int32_t dtype, int32_t device, int32_t requires_grad);
rt_tensor rt_full(const int64_t* sizes, int32_t ndim, rt_scalar value, int32_t dtype, int32_t device, int32_t requires_grad);
rt_tensor rt_arange(rt_scalar start, rt_scalar end, rt_scalar step, int32_t dtype, int32_t device, int32_t requires_grad);
rt_tensor rt_linspace(double start, double end, int64_t steps, int32_t dtype, int32_t device, int32_t requires_grad);
rt_tensor rt_eye(int64_t n, int64_t m, int32_t dtype, int32_t device, int32_t requires_grad);
rt_tensor rt_rand(const int64_t* sizes, int32_t ndim, int32_t dtype, int32_t device, int32_t requires_grad);
rt_tensor rt_randn(const int64_t* sizes, int32_t ndim, int32_t dtype, int32_t device, int32_t requires_grad);
rt_tensor rt_randint(int64_t low, int64_t high, const int64_t* sizes, int32_t ndim, int32_t dtype, int32_t device);
rt_tensor rt_randperm(int64_t n, int32_t dtype, int32_t device);
/* kind: 0 empty, 1 zeros, 2 ones, 3 full(value), 4 rand, 5 randn */
rt_tensor rt_like(rt_tensor t, int32_t kind, rt_scalar value, int32_t dtype, int32_t requires_grad);
rt_tensor rt_randint_like(rt_tensor t, int64_t low, int64_t high, int32_t dtype);
rt_tensor rt_bernoulli(rt_tensor probabilities);
rt_tensor rt_multinomial(rt_tensor probabilities, int64_t num_samples, int32_t replacement);

/* ---- shape and indexing (tensor_shape.cpp, tensor_index.cpp) ---- */
rt_tensor rt_view(rt_tensor t, const int64_t* sizes, int32_t ndim);
rt_tensor rt_reshape(rt_tensor t, const int64_t* sizes, int32_t ndim);
rt_tensor rt_permute(rt_tensor t, const int64_t* dims, int32_t ndim);
rt_tensor rt_transpose(rt_tensor t, int64_t dim0, int64_t dim1);
rt_tensor rt_squeeze(rt_tensor t);
rt_tensor rt_squeeze_dim(rt_tensor t, int64_t dim);
rt_tensor rt_unsqueeze(rt_tensor t, int64_t dim);
rt_tensor rt_expand(rt_tensor t, const int64_t* sizes, int32_t ndim);
rt_tensor rt_repeat(rt_tensor t, const int64_t* repeats, int32_t ndim);
rt_tensor rt_flatten(rt_tensor t, int64_t start_dim, int64_t end_dim);
rt_tensor rt_contiguous(rt_tensor t);
rt_tensor rt_cat(const rt_tensor* tensors, int32_t n, int64_t dim);
rt_tensor rt_stack(const rt_tensor* tensors, int32_t n, int64_t dim);
/* Writes up to cap handles into out; returns how many pieces there are. */
int32_t rt_split(rt_tensor t, int64_t split_size, int64_t dim, rt_tensor* out, int32_t cap);
int32_t rt_split_sizes(rt_tensor t, const int64_t* sizes, int32_t n, int64_t dim, rt_tensor* out, int32_t cap);
int32_t rt_chunk(rt_tensor t, int64_t chunks, int64_t dim, rt_tensor* out, int32_t cap);
rt_tensor rt_narrow(rt_tensor t, int64_t dim, int64_t start, int64_t length);
rt_tensor rt_slice(rt_tensor t, int64_t dim, int64_t start, int64_t end, int64_t step);
rt_tensor rt_select(rt_tensor t, int64_t dim, int64_t index);
rt_tensor rt_index_select(rt_tensor t, int64_t dim, rt_tensor index);
rt_tensor rt_index_tensors(rt_tensor t, const rt_tensor* indices, int32_t n);
int32_t rt_index_put_(rt_tensor t, const rt_tensor* indices, int32_t n, rt_tensor values, int32_t accumulate);
rt_tensor rt_masked_select(rt_tensor t, rt_tensor mask);
rt_tensor rt_gather(rt_tensor t, int64_t dim, rt_tensor index);
rt_tensor rt_scatter(rt_tensor t, int64_t dim, rt_tensor index, rt_tensor src);
rt_tensor rt_scatter_value(rt_tensor t, int64_t dim, rt_tensor index, rt_scalar value);
rt_tensor rt_scatter_add(rt_tensor t, int64_t dim, rt_tensor index, rt_tensor src);
int32_t rt_scatter_add_(rt_tensor t, int64_t dim, rt_tensor index, rt_tensor src);
rt_tensor rt_index_add(rt_tensor t, int64_t dim, rt_tensor index, rt_tensor src);
rt_tensor rt_masked_fill(rt_tensor t, rt_tensor mask, rt_scalar value);
int32_t rt_masked_fill_(rt_tensor t, rt_tensor mask, rt_scalar value);
rt_tensor rt_where(rt_tensor condition, rt_tensor a, rt_tensor b);
rt_tensor rt_one_hot(rt_tensor t, int64_t num_classes);
rt_tensor rt_tril(rt_tensor t, int64_t diagonal);
rt_tensor rt_triu(rt_tensor t, int64_t diagonal);
rt_tensor rt_nonzero(rt_tensor t);
rt_tensor rt_unique(rt_tensor t, int32_t sorted, rt_tensor* inverse_out, rt_tensor* counts_out);
rt_tensor rt_sort(rt_tensor t, int64_t dim, int32_t descending, rt_tensor* indices_out);
rt_tensor rt_topk(rt_tensor t, int64_t k, int64_t dim, int32_t largest, int32_t sorted, rt_tensor* indices_out);
rt_tensor rt_flip(rt_tensor t, const int64_t* dims, int32_t ndim);
rt_tensor rt_roll(rt_tensor t, int64_t shift, int64_t dim);
rt_tensor rt_diagonal(rt_tensor t, int64_t offset, int64_t dim1, int64_t dim2);
rt_tensor rt_diag_embed(rt_tensor t);

/* ---- elementwise maths (tensor_math.cpp) ---- */
rt_tensor rt_unary(int32_t op, rt_tensor t);
int32_t rt_unary_(int32_t op, rt_tensor t);
rt_tensor rt_binary(int32_t op, rt_tensor a, rt_tensor b);
rt_tensor rt_binary_scalar(int32_t op, rt_tensor a, rt_scalar b);
int32_t rt_binary_(int32_t op, rt_tensor a, rt_tensor b);
int32_t rt_binary_scalar_(int32_t op, rt_tensor a, rt_scalar b);
rt_tensor rt_add_scaled(rt_tensor a, rt_tensor b, rt_scalar alpha);
int32_t rt_add_scaled_(rt_tensor a, rt_tensor b, rt_scalar alpha);
/* has_min / has_max select which bounds apply. */
rt_tensor rt_clamp(rt_tensor t, int32_t has_min, rt_scalar min, int32_t has_max, rt_scalar max);
int32_t rt_clamp_(rt_tensor t, int32_t has_min, rt_scalar min, int32_t has_max, rt_scalar max);
rt_tensor rt_clamp_tensor(rt_tensor t, rt_tensor min, rt_tensor max);
rt_tensor rt_addcmul(rt_tensor t, rt_tensor a, rt_tensor b, rt_scalar value);
rt_tensor rt_addcdiv(rt_tensor t, rt_tensor a, rt_tensor b, rt_scalar value);
int32_t rt_addcmul_(rt_tensor t, rt_tensor a, rt_tensor b, rt_scalar value);
int32_t rt_addcdiv_(rt_tensor t, rt_tensor a, rt_tensor b, rt_scalar value);
rt_tensor rt_lerp(rt_tensor t, rt_tensor end, rt_scalar weight);
int32_t rt_lerp_(rt_tensor t, rt_tensor end, rt_scalar weight);
rt_tensor rt_leaky_relu(rt_tensor t, double negative_slope);
rt_tensor rt_hardtanh(rt_tensor t, double min, double max);
rt_tensor rt_allclose_tensor(rt_tensor a, rt_tensor b, double rtol, double atol);
int32_t rt_allclose(rt_tensor a, rt_tensor b, double rtol, double atol, int32_t equal_nan);
int32_t rt_equal(rt_tensor a, rt_tensor b);

/* ---- reductions (tensor_reduce.cpp) ---- */
/* ndims = -1 reduces over every dimension. dtype -1 keeps the default result dtype. */
rt_tensor rt_reduce(int32_t op, rt_tensor t, const int64_t* dims, int32_t ndims, int32_t keepdim, int32_t dtype);
/* max/min over one dimension: values returned, indices in *indices_out. is_max 1 = max, 0 = min. */
rt_tensor rt_max_min_dim(rt_tensor t, int64_t dim, int32_t keepdim, int32_t is_max, rt_tensor* indices_out);
/* has_dim 0 = over the flattened tensor. is_max 1 = argmax, 0 = argmin. */
rt_tensor rt_arg_max_min(rt_tensor t, int32_t has_dim, int64_t dim, int32_t keepdim, int32_t is_max);
rt_tensor rt_norm(rt_tensor t, double p, const int64_t* dims, int32_t ndims, int32_t keepdim);
/* is_std 1 = std, 0 = var. correction 1 = Bessel (unbiased). */
rt_tensor rt_var_std(rt_tensor t, const int64_t* dims, int32_t ndims, int64_t correction, int32_t keepdim, int32_t is_std);
rt_tensor rt_cumsum(rt_tensor t, int64_t dim, int32_t dtype);
rt_tensor rt_cumprod(rt_tensor t, int64_t dim);

/* ---- linear algebra and softmax (linalg.cpp) ---- */
rt_tensor rt_matmul(rt_tensor a, rt_tensor b);
rt_tensor rt_mm(rt_tensor a, rt_tensor b);
rt_tensor rt_bmm(rt_tensor a, rt_tensor b);
rt_tensor rt_addmm(rt_tensor bias, rt_tensor a, rt_tensor b, rt_scalar beta, rt_scalar alpha);
rt_tensor rt_outer(rt_tensor a, rt_tensor b);
rt_tensor rt_einsum(const char* equation, const rt_tensor* tensors, int32_t n);
rt_tensor rt_softmax(rt_tensor t, int64_t dim, int32_t dtype);
rt_tensor rt_log_softmax(rt_tensor t, int64_t dim, int32_t dtype);
rt_tensor rt_cdist(rt_tensor a, rt_tensor b, double p);
rt_tensor rt_linalg_solve(rt_tensor a, rt_tensor b);
rt_tensor rt_linalg_eigh(rt_tensor a, rt_tensor* eigenvectors_out);
rt_tensor rt_linalg_svd(rt_tensor a, int32_t full_matrices, rt_tensor* s_out, rt_tensor* vh_out);

/* ---- conversion (tensor_convert.cpp) ---- */
rt_tensor rt_to_dtype(rt_tensor t, int32_t dtype, int32_t copy);
rt_tensor rt_to_device(rt_tensor t, int32_t device_type, int32_t device_index, int32_t copy);
rt_tensor rt_clone(rt_tensor t);
rt_tensor rt_detach(rt_tensor t);
int32_t rt_detach_(rt_tensor t);
/* A new handle for the same tensor (one more reference, same storage, same autograd identity). */
rt_tensor rt_alias(rt_tensor t);

/* ---- autograd (autograd.cpp) ---- */
int32_t rt_backward(rt_tensor t, rt_tensor gradient, int32_t retain_graph, int32_t create_graph);
/* Returns the gradient, or NULL with no error when the tensor has none. */
rt_tensor rt_tensor_grad(rt_tensor t);
int32_t rt_tensor_set_grad(rt_tensor t, rt_tensor grad);
int32_t rt_tensor_zero_grad(rt_tensor t, int32_t set_to_none);
int32_t rt_tensor_retain_grad(rt_tensor t);
/* torch.autograd.grad: writes n_inputs handles into out (NULL for unused inputs when allow_unused). */
int32_t rt_autograd_grad(const rt_tensor* outputs, int32_t n_outputs, const rt_tensor* inputs, int32_t n_inputs,
                         const rt_tensor* grad_outputs, int32_t retain_graph, int32_t create_graph,
                         int32_t allow_unused, rt_tensor* out);

/* ---- nn functional kernels (nn.cpp) ---- */
enum rt_reduction { RT_REDUCTION_NONE = 0, RT_REDUCTION_MEAN = 1, RT_REDUCTION_SUM = 2 };
enum rt_rnn_mode { RT_RNN_TANH = 0, RT_RNN_LSTM = 1, RT_RNN_GRU = 2 };
enum rt_random_kind { RT_RANDOM_UNIFORM = 0, RT_RANDOM_NORMAL = 1, RT_RANDOM_BERNOULLI = 2 };

rt_tensor rt_linear(rt_tensor input, rt_tensor weight, rt_tensor bias);
/* stride, padding and dilation each point to 2 values. */
rt_tensor rt_conv2d(rt_tensor input, rt_tensor weight, rt_tensor bias, const int64_t* stride, const int64_t* padding,
                    const int64_t* dilation, int64_t groups);
rt_tensor rt_batch_norm(rt_tensor input, rt_tensor weight, rt_tensor bias, rt_tensor running_mean, rt_tensor running_var,
                        int32_t training, double momentum, double eps);
rt_tensor rt_layer_norm(rt_tensor input, const int64_t* normalized_shape, int32_t ndim, rt_tensor weight, rt_tensor bias, double eps);
rt_tensor rt_dropout(rt_tensor input, double p, int32_t train);
rt_tensor rt_max_pool2d(rt_tensor input, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                        const int64_t* dilation, int32_t ceil_mode);
rt_tensor rt_avg_pool2d(rt_tensor input, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                        int32_t ceil_mode, int32_t count_include_pad);
rt_tensor rt_adaptive_avg_pool2d(rt_tensor input, const int64_t* output_size);
rt_tensor rt_embedding(rt_tensor weight, rt_tensor indices, int64_t padding_idx);
/* Fused multi-layer recurrent kernels. params: per layer and direction w_ih, w_hh[, b_ih, b_hh].
   Returns the output; the final hidden state goes to *h_out (and the LSTM cell state to *c_out). */
rt_tensor rt_rnn(int32_t mode, rt_tensor input, rt_tensor h0, rt_tensor c0, const rt_tensor* params, int32_t n_params,
                 int32_t has_biases, int64_t num_layers, double dropout, int32_t train, int32_t bidirectional,
                 int32_t batch_first, rt_tensor* h_out, rt_tensor* c_out);
rt_tensor rt_cross_entropy(rt_tensor input, rt_tensor target, rt_tensor weight, int32_t reduction, int64_t ignore_index,
                           double label_smoothing);
rt_tensor rt_nll_loss(rt_tensor input, rt_tensor target, rt_tensor weight, int32_t reduction, int64_t ignore_index);
rt_tensor rt_kl_div(rt_tensor input, rt_tensor target, int32_t reduction, int32_t log_target);
rt_tensor rt_mse_loss(rt_tensor input, rt_tensor target, int32_t reduction);
rt_tensor rt_l1_loss(rt_tensor input, rt_tensor target, int32_t reduction);
rt_tensor rt_bce_with_logits(rt_tensor input, rt_tensor target, rt_tensor weight, rt_tensor pos_weight, int32_t reduction);
/* mode: "constant", "reflect", "replicate" or "circular". */
rt_tensor rt_pad(rt_tensor input, const int64_t* pad, int32_t n, const char* mode, double value);
rt_tensor rt_cosine_similarity(rt_tensor a, rt_tensor b, int64_t dim, double eps);
/* One LSTM layer's time loop with a fixed mask on the recurrent state (Gal and Ghahramani's variational
   dropout): gates_x [T, N, 4H] holds x_t W_ih^T + b_ih + b_hh for every step; each step computes
   gates = gates_x[t] + (h_(t-1) * mask) W_hh^T with PyTorch's gate order (i, f, g, o). mask [N, H] may be
   NULL. Returns the unmasked outputs [T, N, H]; the last h and c go to *h_out and *c_out. Differentiable. */
rt_tensor rt_lstm_recurrence(rt_tensor gates_x, rt_tensor h0, rt_tensor c0, rt_tensor w_hh, rt_tensor mask,
                             rt_tensor* h_out, rt_tensor* c_out);
/* In place: uniform on [a, b), normal(mean a, std b) or bernoulli(p = a). */
int32_t rt_random_(rt_tensor t, int32_t kind, double a, double b);
/* Replaces the tensor's data (storage, dtype, device), keeping its identity and autograd flags (module.to). */
int32_t rt_tensor_set_data(rt_tensor t, rt_tensor data);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif

#endif /* RESEARCH_TORCH_H */
