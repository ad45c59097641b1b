"""nltk's chrF (Debian python3-nltk) for one segment and one n-gram order: the case where its definition (mean of
per-order, per-sentence F-scores) and sacreBLEU's (F of the averaged corpus precision and recall) agree.
Input: a JSON file with a list of [hypothesis, reference] pairs; output: JSON {"scores": [[F_1 .. F_6] per pair]}."""
import json
import sys

from nltk.translate.chrf_score import sentence_chrf

pairs = json.load(open(sys.argv[1], encoding="utf-8"))
scores = [[sentence_chrf(ref, hyp, min_len=n, max_len=n, beta=2.0, ignore_whitespace=True) for n in range(1, 7)]
          for hyp, ref in pairs]
print(json.dumps({"scores": scores}))
