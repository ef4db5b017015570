"""scikit-learn's estimator checks, run on inputs of the kind each estimator takes.

sklearn's checks generate 2-D numeric data. As imbalanced-learn does for its samplers, the
estimators are run through a thin adapter that turns that data into the input they really take,
and leaves everything else (sparse matrices, object or complex arrays, wrong shapes) untouched,
so the estimators' own validation answers those checks:

* ``ConvAttentionClassifier`` gets one-hot DNA: each feature becomes one position, whose base is
  the feature's bin (``< -0.67``, ``< 0``, ``< 0.67``, else; standard-normal quartiles), and a
  NaN or infinite feature value stays in the array, where ``check_onehot`` must reject it;
* the interaction transformers get an :class:`~sklearn_glifac.models.ArrayReadout` whose feature
  map is the data (one position, one filter per feature) with uniform attention.

``EXPECTED_FAILED`` lists the checks that cannot apply, each with its reason; every other check
must pass.
"""

import numpy as np
import scipy.sparse as sp
from sklearn.utils.estimator_checks import parametrize_with_checks
from sklearn.utils.metaestimators import available_if

from sklearn_glifac.interactions import GLIFACInteractions, LocalAttentionInteractions
from sklearn_glifac.models import ArrayReadout, ConvAttentionClassifier

_EDGES = np.array([-0.67, 0.0, 0.67])


def _onehot(X):
    if sp.issparse(X) or hasattr(X, "__array_namespace__") and not isinstance(X, np.ndarray):
        return X
    try:
        arr = np.asarray(X)
    except (TypeError, ValueError):
        return X
    if arr.ndim != 2 or arr.dtype.kind not in "biuf":
        return X  # the estimator's own checks must answer
    arr = arr.astype(np.float64)
    bins = np.digitize(np.nan_to_num(arr, nan=0.0, posinf=0.0, neginf=0.0), _EDGES)
    out = np.eye(4, dtype=np.float32)[bins].transpose(0, 2, 1).copy()
    bad = ~np.isfinite(arr)
    out[:, 0, :][bad] = arr[bad]  # NaN and inf reach the estimator
    return out


class OneHotConvAttentionClassifier(ConvAttentionClassifier):
    """ConvAttentionClassifier fed sklearn's 2-D test data as one-hot DNA (see module doc)."""

    def fit(self, X, y, **fit_params):
        return super().fit(_onehot(X), y, **fit_params)

    def partial_fit(self, X, y, classes=None, **fit_params):
        return super().partial_fit(_onehot(X), y, classes=classes, **fit_params)

    def predict_proba(self, X):
        return super().predict_proba(_onehot(X))

    def predict(self, X):
        return super().predict(_onehot(X))

    def decision_function(self, X):
        return super().decision_function(_onehot(X))

    def score(self, X, y, sample_weight=None):
        return super().score(_onehot(X), y, sample_weight=sample_weight)

    # transform returns a lazy read-out object for the interaction transformers, not an array
    # with a row per sample: hidden here, so that the checks of every method that returns
    # arrays (pickling, idempotence, subset and order invariance) run on predict*.
    # test_readout.py and test_models.py test transform.
    @available_if(lambda self: False)
    def transform(self, X, *, source="attention"):  # pragma: no cover
        raise AssertionError


def _readout(X):
    if sp.issparse(X):
        return X
    try:
        arr = np.asarray(X)
    except (TypeError, ValueError):
        return X
    if arr.ndim != 2 or arr.dtype.kind not in "biuf":
        return X
    n = len(arr)
    # ArrayReadout checks finiteness itself; one position, so the attention is 1.
    return ArrayReadout(arr[:, None, :], np.ones((n, 1, 1, 1)))


class _ReadoutInput:
    def fit(self, X, y=None, **fit_params):
        return super().fit(_readout(X), y, **fit_params)

    def transform(self, X, **params):
        return super().transform(_readout(X), **params)

    def fit_transform(self, X, y=None, **fit_params):
        return super().fit_transform(_readout(X), y, **fit_params)


class ReadoutGLIFACInteractions(_ReadoutInput, GLIFACInteractions):
    """GLIFACInteractions fed sklearn's 2-D test data as a read-out (see module doc)."""


class ReadoutLocalAttentionInteractions(_ReadoutInput, LocalAttentionInteractions):
    """LocalAttentionInteractions fed sklearn's 2-D test data as a read-out (see module doc)."""


def _two_d(cls, library_cls):
    # the adapters take sklearn's 2-D data; everything else about the tags is the estimator's
    def __sklearn_tags__(self):
        tags = library_cls.__sklearn_tags__(self)
        tags.input_tags.two_d_array = True
        tags.input_tags.three_d_array = False
        return tags

    cls.__sklearn_tags__ = __sklearn_tags__


_two_d(OneHotConvAttentionClassifier, ConvAttentionClassifier)
_two_d(ReadoutGLIFACInteractions, GLIFACInteractions)
_two_d(ReadoutLocalAttentionInteractions, LocalAttentionInteractions)

_CLASSIFIER = OneHotConvAttentionClassifier(
    module__n_filters=8,
    module__kernel_size=1,
    module__pool_size=1,
    module__n_heads=2,
    module__key_dim=4,
    module__dense_units=16,
    module__conv_dropout=0.0,
    module__dense_dropout=0.0,
    module__attention_dropout=0.0,
    lr=0.02,
    max_epochs=15,
    batch_size=32,
    train_split=None,
    verbose=0,
    random_state=0,
)

_N_FEATURES = (
    "the input is not a 2-D feature matrix (one-hot DNA of shape (n_samples, 4, seq_len), or a "
    "read-out object), so n_features_in_ is not defined (documented)"
)
_MESSAGE = "refused with a ValueError/TypeError in the library's own words, not sklearn's"
_NOT_COERCED = "object arrays are refused (TypeError), not converted: nothing is silently coerced"
_SKORCH_INIT = "skorch's NeuralNet.__init__ sets history_, initialized_ and the **kwargs"
_SKORCH_PARAMS = (
    "skorch's get_params includes its internal _params_to_validate set, which the check "
    "overwrites with a float"
)
_PER_READOUT = (
    "transform returns one (n_filters, n_filters) matrix for the whole read-out, not a row per "
    "sample"
)
_TRANSFORMER_EXPECTED = {
    "check_n_features_in": _N_FEATURES,
    "check_n_features_in_after_fitting": _N_FEATURES,
    "check_complex_data": "a complex array is not a read-out: TypeError, not ValueError",
    "check_dtype_object": "an object array is not a read-out: TypeError, not ValueError",
    "check_fit1d": "a 1-D array is not a read-out: TypeError, not ValueError",
    "check_fit2d_predict1d": "a 1-D array is not a read-out: TypeError, not ValueError",
    "check_estimators_empty_data_messages": "a read-out with 0 filters is " + _MESSAGE,
    "check_transformer_general": _PER_READOUT,
    "check_transformer_data_not_an_array": _PER_READOUT,
    "check_methods_sample_order_invariance": _PER_READOUT,
    "check_methods_subset_invariance": _PER_READOUT,
}
EXPECTED_FAILED = {
    "OneHotConvAttentionClassifier": {
        "check_n_features_in": _N_FEATURES,
        "check_n_features_in_after_fitting": _N_FEATURES,
        "check_no_attributes_set_in_init": _SKORCH_INIT,
        "check_set_params": _SKORCH_PARAMS,
        "check_dtype_object": _NOT_COERCED,
        "check_complex_data": "complex one-hot values are " + _MESSAGE,
        "check_estimators_empty_data_messages": "empty input is " + _MESSAGE,
        "check_fit2d_predict1d": "1-D input is " + _MESSAGE,
    },
    "ReadoutGLIFACInteractions": _TRANSFORMER_EXPECTED,
    "ReadoutLocalAttentionInteractions": _TRANSFORMER_EXPECTED,
}


def _expected_failed(estimator):
    return EXPECTED_FAILED.get(type(estimator).__name__, {})


@parametrize_with_checks(
    [_CLASSIFIER, ReadoutGLIFACInteractions(), ReadoutLocalAttentionInteractions()],
    expected_failed_checks=_expected_failed,
)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
