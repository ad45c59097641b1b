// research-bench's direct-libtorch peer: `libtorch_bench <suite> --runs N --threads N` prints the same JSON
// as bench/torch_bench.py (per-iteration medians of wall and CPU time) for the per-op and GEMM suites.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

namespace {

double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::string take(const std::string& name, const std::function<void()>& body, int runs, int iterations) {
    for (int i = 0; i < iterations; ++i) body();
    std::vector<double> walls, cpus;
    for (int r = 0; r < runs; ++r) {
        const double c0 = cpu_seconds();
        const auto w0 = std::chrono::steady_clock::now();
        for (int i = 0; i < iterations; ++i) body();
        walls.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count() * 1e6 / iterations);
        cpus.push_back((cpu_seconds() - c0) * 1e6 / iterations);
    }
    char buffer[256];
    std::snprintf(buffer, sizeof buffer, "{\"case\":\"%s\",\"wallMicros\":%.6f,\"cpuMicros\":%.6f,\"runs\":%d,\"iterations\":%d}",
                  name.c_str(), median(walls), median(cpus), runs, iterations);
    return buffer;
}

std::vector<std::string> per_op(int runs) {
    const int n = 200000;
    auto a = at::ones({4}), b = at::ones({4}), m = at::ones({4, 4});
    return {
        take("add", [&] { auto c = a + b; }, runs, n),
        take("mul_scalar", [&] { auto c = a * 2.0; }, runs, n),
        take("exp", [&] { auto c = a.exp(); }, runs, n),
        take("sum", [&] { auto c = a.sum(); }, runs, n),
        take("matmul_4x4", [&] { auto c = m.matmul(m); }, runs, n),
        take("view", [&] { auto c = m.view({16}); }, runs, n),
    };
}

std::vector<std::string> gemm(int runs) {
    std::vector<std::string> out;
    for (auto [n, iterations] : {std::pair{512, 200}, std::pair{2048, 4}}) {
        at::manual_seed(0);
        auto a = at::randn({n, n}), b = at::randn({n, n});
        out.push_back(take("gemm_" + std::to_string(n), [&] { auto c = a.mm(b); }, runs, iterations));
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: libtorch_bench per-op|gemm [--runs N] [--threads N]\n");
        return 2;
    }
    const std::string suite = argv[1];
    int runs = 7, threads = 1;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--runs") runs = std::stoi(argv[i + 1]);
        else if (flag == "--threads") threads = std::stoi(argv[i + 1]);
    }
    at::set_num_threads(threads);
    std::vector<std::string> results;
    if (suite == "per-op") results = per_op(runs);
    else if (suite == "gemm") results = gemm(runs);
    else {
        std::fprintf(stderr, "unknown suite %s\n", suite.c_str());
        return 2;
    }
    std::printf("[");
    for (size_t i = 0; i < results.size(); ++i) std::printf("%s%s", i ? "," : "", results[i].c_str());
    std::printf("]\n");
    return 0;
}
