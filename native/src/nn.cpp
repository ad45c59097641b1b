// nn kernels: linear, convolution, normalisation, pooling, embedding, fused RNNs, losses, padding.
#include "shim.h"

using rt::dims_of;
using rt::optional_of;

namespace {
at::IntArrayRef pair(const int64_t* p) { return at::IntArrayRef(p, 2); }
}  // namespace

extern "C" {

rt_tensor rt_linear(rt_tensor input, rt_tensor weight, rt_tensor bias) {
    RT_TRY RT_ARG(x, input); RT_ARG(w, weight); return rt::wrap(at::linear(x, w, optional_of(bias))); RT_CATCH(nullptr)
}

rt_tensor rt_conv2d(rt_tensor input, rt_tensor weight, rt_tensor bias, const int64_t* stride, const int64_t* padding,
                    const int64_t* dilation, int64_t groups) {
    RT_TRY
    RT_ARG(x, input); RT_ARG(w, weight);
    return rt::wrap(at::conv2d(x, w, optional_of(bias), pair(stride), pair(padding), pair(dilation), groups));
    RT_CATCH(nullptr)
}

rt_tensor rt_batch_norm(rt_tensor input, rt_tensor weight, rt_tensor bias, rt_tensor running_mean, rt_tensor running_var,
                        int32_t training, double momentum, double eps) {
    RT_TRY
    RT_ARG(x, input);
    return rt::wrap(at::batch_norm(x, optional_of(weight), optional_of(bias), optional_of(running_mean),
                                   optional_of(running_var), training != 0, momentum, eps, false));
    RT_CATCH(nullptr)
}

rt_tensor rt_layer_norm(rt_tensor input, const int64_t* normalized_shape, int32_t ndim, rt_tensor weight, rt_tensor bias, double eps) {
    RT_TRY
    RT_ARG(x, input);
    return rt::wrap(at::layer_norm(x, dims_of(normalized_shape, ndim), optional_of(weight), optional_of(bias), eps));
    RT_CATCH(nullptr)
}

rt_tensor rt_dropout(rt_tensor input, double p, int32_t train) {
    RT_TRY RT_ARG(x, input); return rt::wrap(at::dropout(x, p, train != 0)); RT_CATCH(nullptr)
}

rt_tensor rt_max_pool2d(rt_tensor input, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                        const int64_t* dilation, int32_t ceil_mode) {
    RT_TRY
    RT_ARG(x, input);
    return rt::wrap(at::max_pool2d(x, pair(kernel), pair(stride), pair(padding), pair(dilation), ceil_mode != 0));
    RT_CATCH(nullptr)
}

rt_tensor rt_avg_pool2d(rt_tensor input, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                        int32_t ceil_mode, int32_t count_include_pad) {
    RT_TRY
    RT_ARG(x, input);
    return rt::wrap(at::avg_pool2d(x, pair(kernel), pair(stride), pair(padding), ceil_mode != 0, count_include_pad != 0));
    RT_CATCH(nullptr)
}

rt_tensor rt_adaptive_avg_pool2d(rt_tensor input, const int64_t* output_size) {
    RT_TRY RT_ARG(x, input); return rt::wrap(at::adaptive_avg_pool2d(x, pair(output_size))); RT_CATCH(nullptr)
}

rt_tensor rt_embedding(rt_tensor weight, rt_tensor indices, int64_t padding_idx) {
    RT_TRY RT_ARG(w, weight); RT_ARG(i, indices); return rt::wrap(at::embedding(w, i, padding_idx)); RT_CATCH(nullptr)
}

rt_tensor rt_rnn(int32_t mode, rt_tensor input, rt_tensor h0, rt_tensor c0, const rt_tensor* params, int32_t n_params,
                 int32_t has_biases, int64_t num_layers, double dropout, int32_t train, int32_t bidirectional,
                 int32_t batch_first, rt_tensor* h_out, rt_tensor* c_out) {
    RT_TRY
    RT_ARG(x, input);
    RT_ARG(h, h0);
    auto weights = rt::tensors_of(params, n_params, "params");
    const bool hb = has_biases != 0, tr = train != 0, bi = bidirectional != 0, bf = batch_first != 0;
    switch (mode) {
        case RT_RNN_LSTM: {
            RT_ARG(c, c0);
            auto r = at::lstm(x, {h, c}, weights, hb, num_layers, dropout, tr, bi, bf);
            if (h_out) *h_out = rt::wrap(std::get<1>(r));
            if (c_out) *c_out = rt::wrap(std::get<2>(r));
            return rt::wrap(std::move(std::get<0>(r)));
        }
        case RT_RNN_GRU:
        case RT_RNN_TANH: {
            auto r = mode == RT_RNN_GRU ? at::gru(x, h, weights, hb, num_layers, dropout, tr, bi, bf)
                                        : at::rnn_tanh(x, h, weights, hb, num_layers, dropout, tr, bi, bf);
            if (h_out) *h_out = rt::wrap(std::get<1>(r));
            return rt::wrap(std::move(std::get<0>(r)));
        }
        default: TORCH_CHECK_VALUE(false, "unknown rnn mode ", mode);
    }
    RT_CATCH(nullptr)
}

rt_tensor rt_cross_entropy(rt_tensor input, rt_tensor target, rt_tensor weight, int32_t reduction, int64_t ignore_index,
                           double label_smoothing) {
    RT_TRY
    RT_ARG(x, input); RT_ARG(y, target);
    return rt::wrap(at::cross_entropy_loss(x, y, optional_of(weight), reduction, ignore_index, label_smoothing));
    RT_CATCH(nullptr)
}

rt_tensor rt_nll_loss(rt_tensor input, rt_tensor target, rt_tensor weight, int32_t reduction, int64_t ignore_index) {
    RT_TRY
    RT_ARG(x, input); RT_ARG(y, target);
    return rt::wrap(at::nll_loss_nd(x, y, optional_of(weight), reduction, ignore_index));
    RT_CATCH(nullptr)
}

rt_tensor rt_kl_div(rt_tensor input, rt_tensor target, int32_t reduction, int32_t log_target) {
    RT_TRY RT_ARG(x, input); RT_ARG(y, target); return rt::wrap(at::kl_div(x, y, reduction, log_target != 0)); RT_CATCH(nullptr)
}

rt_tensor rt_mse_loss(rt_tensor input, rt_tensor target, int32_t reduction) {
    RT_TRY RT_ARG(x, input); RT_ARG(y, target); return rt::wrap(at::mse_loss(x, y, reduction)); RT_CATCH(nullptr)
}

rt_tensor rt_l1_loss(rt_tensor input, rt_tensor target, int32_t reduction) {
    RT_TRY RT_ARG(x, input); RT_ARG(y, target); return rt::wrap(at::l1_loss(x, y, reduction)); RT_CATCH(nullptr)
}

rt_tensor rt_bce_with_logits(rt_tensor input, rt_tensor target, rt_tensor weight, rt_tensor pos_weight, int32_t reduction) {
    RT_TRY
    RT_ARG(x, input); RT_ARG(y, target);
    return rt::wrap(at::binary_cross_entropy_with_logits(x, y, optional_of(weight), optional_of(pos_weight), reduction));
    RT_CATCH(nullptr)
}

rt_tensor rt_pad(rt_tensor input, const int64_t* pad, int32_t n, const char* mode, double value) {
    RT_TRY
    RT_ARG(x, input);
    const std::string m = mode ? mode : "constant";
    if (m == "constant") return rt::wrap(at::constant_pad_nd(x, dims_of(pad, n), value));
    return rt::wrap(at::pad(x, dims_of(pad, n), m));
    RT_CATCH(nullptr)
}

rt_tensor rt_cosine_similarity(rt_tensor a, rt_tensor b, int64_t dim, double eps) {
    RT_TRY RT_ARG(x, a); RT_ARG(y, b); return rt::wrap(at::cosine_similarity(x, y, dim, eps)); RT_CATCH(nullptr)
}

int32_t rt_random_(rt_tensor t, int32_t kind, double a, double b) {
    RT_TRY
    RT_ARG(x, t);
    auto& m = const_cast<at::Tensor&>(x);
    switch (kind) {
        case RT_RANDOM_UNIFORM: m.uniform_(a, b); break;
        case RT_RANDOM_NORMAL: m.normal_(a, b); break;
        case RT_RANDOM_BERNOULLI: m.bernoulli_(a); break;
        default: TORCH_CHECK_VALUE(false, "unknown random kind ", kind);
    }
    return 0;
    RT_CATCH(-1)
}

int32_t rt_tensor_set_data(rt_tensor t, rt_tensor data) {
    RT_TRY RT_ARG(x, t); RT_ARG(d, data); x.set_data(d); return 0; RT_CATCH(-1)
}

}  // extern "C"
