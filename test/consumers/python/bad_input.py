"""What wrong types and values from Python give, recorded as the test of issue 16.

A wrong type never reaches the library: the generated binding checks each argument's type
(typeguard, skipped under `python -O`) and raises a TypeError that names the argument; Python
rejects an unknown keyword argument; a value inside a collection or struct that the binding does
not check is refused by the jsii kernel, which names the prop (a RuntimeError "Unable to
deserialize value"). Values of the right type that the library does not allow get the library's
own error: `StatefulWeb "test/web": invalid <prop> <value>: it must be ...`.

Not tested here, because it ends the jsii kernel: NaN or infinity for a number (`replicas=float("nan")`).
Python's JSON writes them as NaN and Infinity, which the kernel cannot parse, so the kernel process
exits and the call fails with a JSONDecodeError; no check in the library can run before that.
"""
import sys

from cdk8s import App, Chart, Size

from cdk8s_stateful_web import StatefulWeb

W = 'StatefulWeb "test/web": '
CASES = [
    # (what, props, exception type, text the message must contain)
    ("replicas as a string", dict(image="bitnami/nginx", replicas="3"), TypeError,
     "type of argument replicas must be one of (int, float, NoneType); got str instead"),
    ("image as a number", dict(image=5), TypeError, "type of argument image must be str; got int instead"),
    ("an unknown keyword argument", dict(image="bitnami/nginx", replica=3), TypeError,
     "unexpected keyword argument 'replica'"),
    ("storage as a string", dict(image="bitnami/nginx", storage="1Gi"), TypeError,
     "type of argument storage must be one of (cdk8s.Size, NoneType); got str instead"),
    ("a label value as a number", dict(image="bitnami/nginx", labels={"app": 5}), RuntimeError,
     "Key 'labels': Unable to deserialize value as map<string>"),
    ("replicas as a bool", dict(image="bitnami/nginx", replicas=True), RuntimeError,
     "Key 'replicas': Unable to deserialize value as number"),
    ("args as a string", dict(image="bitnami/nginx", args="nginx -g"), RuntimeError,
     "Key 'args': Unable to deserialize value as array<string>"),
    ("replicas of -1", dict(image="bitnami/nginx", replicas=-1), RuntimeError,
     W + "invalid replicas -1: it must be an integer from 0 to 2147483647."),
    ("a port of 8080.5", dict(image="bitnami/nginx", port=8080.5), RuntimeError,
     W + "invalid port 8080.5: it must be an integer from 1 to 65535."),
    ("an empty image", dict(image=""), RuntimeError, W + 'invalid image "": it must be a non-empty container image reference'),
    ("a storage of 0", dict(image="bitnami/nginx", storage=Size.gibibytes(0)), RuntimeError, W + "invalid storage Size 0Gi: it must be"),
]

failures = 0
for what, props, expected_type, expected_text in CASES:
    app = App()
    chart = Chart(app, "test")
    try:
        StatefulWeb(chart, "web", **props)
        outcome, ok = "no error", False
    except Exception as error:  # noqa: BLE001 - the point is which one
        message = str(error)
        outcome = f"{type(error).__name__}: {message.splitlines()[0] if message else ''}"
        ok = isinstance(error, expected_type) and expected_text in message
    if not ok:
        failures += 1
        outcome += f"\n      expected {expected_type.__name__} containing {expected_text!r}"
    print(f"   {'ok  ' if ok else 'FAIL'} {what}: {outcome}")

if failures:
    print(f"{failures} of {len(CASES)} bad-input cases did not give the expected error", file=sys.stderr)
    sys.exit(1)
print(f"   {len(CASES)} bad-input cases give the expected errors")
