namespace Research.Fsx

/// Which way a claim says variant A's metric lies from variant B's.
type ClaimDirection =
    | Lower
    | Higher

/// Pick, within a variant, the setting with the best mean validation score over seeds (paper 3 chooses α, T and
/// r per method this way), and compare only that setting's runs.
type ChosenOn = { Setting: string; Metric: string; Better: ClaimDirection }

/// A paper's claim as the kit's notebooks test it: in `<File>-<scale>.csv`, among the rows matching `Where`, the
/// `Metric` of variant A (the value of column `VariantColumn`) is `Direction` than variant B's, paired by seed.
type Claim =
    { Paper: string
      Claim: string
      File: string
      VariantColumn: string
      Where: (string * string) list
      A: string
      B: string
      Metric: string
      Direction: ClaimDirection
      ChosenOn: ChosenOn option }

/// The headline claims of the five papers (notes in shared/papers/), as the notebooks 01–05 test them.
module PaperClaims =
    let private claim paper file variantColumn where a direction b metric text =
        { Paper = paper; Claim = text; File = file; VariantColumn = variantColumn; Where = where
          A = a; B = b; Metric = metric; Direction = direction; ChosenOn = None }

    let private dist2 = claim "1 DIST2Loss" "01-dist2loss-task-a" "Condition"
    let private twoDigitsAt (n: int) = [ "Tokenisation", "TwoDigits"; "TrainSize", string n ]
    let private oneTokenAt (n: int) = [ "Tokenisation", "OneToken"; "TrainSize", string n ]
    let private twoDigits = twoDigitsAt 100
    /// Task A's training-set sizes at full scale (quick runs N = 100 only; the other sizes then have no data).
    let private dist2Sizes = [ 30; 100; 300; 1000 ]

    let private ile = claim "2 ILE" "02-ile-synthetic" "setting" []

    let private labo noise a b text =
        { claim "3 LABO" "03-labo" "Method" [ "Noise", noise ] a Higher b "TestTop1" text with
            ChosenOn = Some { Setting = "Label"; Metric = "ValidTop1"; Better = Higher } }

    let private laboMt noise a b text =
        { claim "3 LABO" "03-labo-mt" "Method" [ "Noise", noise ] a Higher b "BleuBeam" text with
            ChosenOn = Some { Setting = "Label"; Metric = "ValidBleu"; Better = Higher } }

    let private guidance data = claim "4 Guidance" "04-guidance" "Arm" [ "Data", data ]
    let private plainCnn = claim "4 Guidance" "04-guidance-e2" "Arm" []
    let private copyTask = claim "4 Guidance" "04-guidance-e3" "Arm" []
    let private parity = claim "4 Guidance" "04-guidance-parity" "Arm" []

    let private tying = claim "5 Tying" "05-tying" "Variant" []

    let all: Claim list =
        [ for n in dist2Sizes do
              dist2 (oneTokenAt n) "dist2" Lower "ce" "Mae" $"DIST2 lowers test MAE against cross entropy (one token per number, N = {n})"
          for n in dist2Sizes do
              dist2 (twoDigitsAt n) "dist2-pv" Lower "ce" "Mae"
                  $"DIST2 with place-value weights lowers test MAE against cross entropy (two digit tokens, N = {n})"
          dist2 (oneTokenAt 1000) "random" Higher "ce" "Mae"
              "A random metric does not help: its MAE is above cross entropy's (one token per number, N = 1000)"
          dist2 twoDigits "dist2-pv" Lower "ls" "Mae"
              "The distance target beats uniform label smoothing of the same mass: MAE below LS (two digit tokens, N = 100)"
          claim "1 DIST2Loss" "01-dist2loss-task-b" "Condition" [ "Tokenisation", "XThenY"; "TrainSize", "300" ] "dist2" Lower "ce" "MeanError"
              "The kit's analogue, not in the paper: DIST2 lowers the mean pixel error of x-then-y coordinate tokens (N = 300)"
          ile "learned ψ, candidates" Lower "WL ψ, candidates" "ged_with_edges"
              "A learned output embedding decodes graphs at least as well as a fixed kernel: GED with edge labels below WL ψ's (the abstract: similar or better)"
          ile "learned ψ, candidates" Lower "random training graph" "ged_with_edges"
              "The learned surrogate beats answering a random training graph (GED with edge labels)"
          ile "learned ψ, pgd" Lower "learned ψ, candidates" "ged_with_edges"
              "Gradient decoding (PGD) lowers GED against candidate decoding"
          labo "0.4" "labo-r" "ls" "LABO-R raises final test top-1 against label smoothing at 40% label noise (each at its validation-chosen setting)"
          labo "0" "labo-r" "ls" "LABO-R raises final test top-1 against label smoothing on clean labels (each at its validation-chosen setting)"
          labo "0.4" "ls" "ce" "Label smoothing raises final test top-1 against cross entropy at 40% label noise (the premise)"
          laboMt "0" "labo-r" "ls" "LABO-R raises test BLEU (beam 4) against label smoothing in translation (T chosen on validation BLEU)"
          laboMt "0.2" "labo-r" "ls" "LABO-R raises test BLEU (beam 4) against label smoothing with 20% misaligned training targets"
          guidance "plain" "untrained" Lower "base" "FinalTrainCE"
              "An untrained guide makes the deep FCN trainable: lower final training cross entropy than unguided (Fashion-MNIST)"
          guidance "translated" "untrained" Lower "base" "FinalTrainCE"
              "An untrained guide lowers the deep FCN's final training cross entropy (translated Fashion-MNIST)"
          guidance "plain" "trained" Higher "base" "BestTestAccuracy"
              "A trained guide raises the deep FCN's best test accuracy (Fashion-MNIST)"
          plainCnn "trained" Higher "base" "FinalTestAccuracy"
              "A plain deep CNN benefits from a trained ResNet guide: higher final test accuracy (E2; v1 ImageNet 70.02 → 78.91)"
          plainCnn "trained" Higher "untrained" "FinalTestAccuracy"
              "For the plain CNN a trained guide beats an untrained one (v2: only a trained guide helps)"
          copyTask "untrained" Higher "base" "FinalTestAccuracy"
              "An untrained Transformer guide raises the RNN's copy-task token accuracy (E3; v1 14.35 → 42.56)"
          copyTask "trained" Higher "base" "FinalTestAccuracy"
              "A trained Transformer guide raises the RNN's copy-task token accuracy (E3; v1 14.35 → 23.27)"
          parity "trained" Higher "base" "FinalTestAccuracy"
              "A trained RNN guide raises the Transformer's parity accuracy (E3's parity arm; v1 71.98 → 78.49)"
          tying "+RE" Lower "baseline" "TestPerplexity" "Tying the classifier to the input embedding (+RE) lowers test perplexity"
          tying "+AL" Lower "baseline" "TestPerplexity" "The augmented loss (+AL) lowers test perplexity"
          tying "+REAL" Lower "baseline" "TestPerplexity" "Tying and the augmented loss together (+REAL) lower test perplexity"
          tying "+REAL" Lower "+RE" "TestPerplexity" "+REAL lowers test perplexity against tying alone (the paper's Table 1 ordering)"
          tying "+RE" Higher "baseline" "TrainPerplexity" "Tying acts as a regulariser: it raises training perplexity (measured without dropout)" ]
