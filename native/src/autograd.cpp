// Autograd: backward, .grad, torch.autograd.grad.
#include <torch/csrc/autograd/autograd.h>

#include "shim.h"

extern "C" {

int32_t rt_backward(rt_tensor t, rt_tensor gradient, int32_t retain_graph, int32_t create_graph) {
    RT_TRY
    RT_ARG(x, t);
    c10::optional<at::Tensor> g = rt::optional_of(gradient);
    // PyTorch checks this in Python (_make_grads); the C++ engine would silently sum-reduce instead.
    TORCH_CHECK(!g || g->sizes() == x.sizes(), "Mismatch in shape: gradient has a shape of ", g ? g->sizes() : x.sizes(),
                " and the output has a shape of ", x.sizes());
    x.backward(g.value_or(at::Tensor()), retain_graph != 0 || create_graph != 0, create_graph != 0);
    return 0;
    RT_CATCH(-1)
}

rt_tensor rt_tensor_grad(rt_tensor t) {
    RT_TRY RT_ARG(x, t); const at::Tensor& g = x.grad(); return g.defined() ? rt::wrap(g) : nullptr; RT_CATCH(nullptr)
}

int32_t rt_tensor_set_grad(rt_tensor t, rt_tensor grad) {
    RT_TRY
    RT_ARG(x, t);
    c10::optional<at::Tensor> g = rt::optional_of(grad);
    const_cast<at::Tensor&>(x).mutable_grad() = g.value_or(at::Tensor());
    return 0;
    RT_CATCH(-1)
}

int32_t rt_tensor_zero_grad(rt_tensor t, int32_t set_to_none) {
    RT_TRY
    RT_ARG(x, t);
    at::Tensor& g = const_cast<at::Tensor&>(x).mutable_grad();
    if (!g.defined()) return 0;
    if (set_to_none) {
        g.reset();
    } else {
        if (g.grad_fn()) g = g.detach();
        else g.requires_grad_(false);
        g.zero_();
    }
    return 0;
    RT_CATCH(-1)
}

int32_t rt_tensor_retain_grad(rt_tensor t) {
    RT_TRY RT_ARG(x, t); x.retain_grad(); return 0; RT_CATCH(-1)
}

int32_t rt_autograd_grad(const rt_tensor* outputs, int32_t n_outputs, const rt_tensor* inputs, int32_t n_inputs,
                         const rt_tensor* grad_outputs, int32_t retain_graph, int32_t create_graph,
                         int32_t allow_unused, rt_tensor* out) {
    RT_TRY
    auto outs = rt::tensors_of(outputs, n_outputs, "outputs");
    auto ins = rt::tensors_of(inputs, n_inputs, "inputs");
    std::vector<at::Tensor> gouts;
    if (grad_outputs) {
        for (int32_t i = 0; i < n_outputs; ++i) gouts.push_back(rt::optional_of(grad_outputs[i]).value_or(at::Tensor()));
    }
    c10::optional<bool> retain = retain_graph < 0 ? c10::nullopt : c10::optional<bool>(retain_graph != 0);
    auto grads = torch::autograd::grad(outs, ins, gouts, retain, create_graph != 0, allow_unused != 0);
    for (int32_t i = 0; i < n_inputs; ++i) {
        const at::Tensor& g = grads[static_cast<size_t>(i)];
        out[i] = g.defined() ? rt::wrap(g) : nullptr;
    }
    return n_inputs;
    RT_CATCH(-1)
}

}  // extern "C"
