// A masked LSTM recurrence for variational dropout. The loop runs here, on ATen ops, so autograd records
// it as usual while the per-step cost stays that of the kernels (no managed/native crossing per step).
#include "shim.h"

extern "C" {

rt_tensor rt_lstm_recurrence(rt_tensor gates_x, rt_tensor h0, rt_tensor c0, rt_tensor w_hh, rt_tensor mask,
                             rt_tensor* h_out, rt_tensor* c_out) {
    RT_TRY
    RT_ARG(gx, gates_x); RT_ARG(h, h0); RT_ARG(c, c0); RT_ARG(w, w_hh);
    c10::optional<at::Tensor> m = rt::optional_of(mask);
    TORCH_CHECK_VALUE(gx.dim() == 3, "lstm_recurrence: gates_x must be [T, N, 4H], got ", gx.sizes());
    const int64_t steps = gx.size(0), hidden = h.size(-1);
    TORCH_CHECK_VALUE(gx.size(2) == 4 * hidden && w.size(0) == 4 * hidden && w.size(1) == hidden,
                      "lstm_recurrence: gates_x ", gx.sizes(), " and w_hh ", w.sizes(), " do not match hidden size ", hidden);
    TORCH_CHECK_VALUE(!m || m->sizes() == h.sizes(), "lstm_recurrence: mask ", m ? m->sizes() : h.sizes(), " must match h0 ", h.sizes());
    const at::Tensor wt = w.t();
    std::vector<at::Tensor> outputs;
    outputs.reserve(static_cast<size_t>(steps));
    at::Tensor hx = h, cx = c;
    for (int64_t t = 0; t < steps; ++t) {
        const at::Tensor recurrent = m ? hx * *m : hx;
        auto gates = at::addmm(gx.select(0, t), recurrent, wt).chunk(4, 1);
        const at::Tensor i = gates[0].sigmoid(), f = gates[1].sigmoid(), g = gates[2].tanh(), o = gates[3].sigmoid();
        cx = f * cx + i * g;
        hx = o * cx.tanh();
        outputs.push_back(hx);
    }
    if (h_out) *h_out = rt::wrap(hx);
    if (c_out) *c_out = rt::wrap(cx);
    return rt::wrap(at::stack(outputs, 0));
    RT_CATCH(nullptr)
}

}  // extern "C"
