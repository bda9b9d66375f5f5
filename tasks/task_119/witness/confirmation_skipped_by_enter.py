# A value typed at a confirmation prompt must be typed again. With the PR, pressing Enter at the
# confirmation prompt of a prompt that has a default "confirms" whatever was typed first: a
# mistyped new password is accepted unconfirmed.
import contextlib
import io

import click
import click.termui as termui


def run_prompt(answers, **kwargs):
    answers = list(answers)
    consumed = []

    def fake_input(prompt_text):
        if not answers:
            raise EOFError  # prompt() turns this into Abort
        consumed.append(answers.pop(0))
        return consumed[-1]

    out = io.StringIO()
    saved = termui.hidden_prompt_func, termui.visible_prompt_func
    termui.hidden_prompt_func = termui.visible_prompt_func = fake_input
    try:
        with contextlib.redirect_stdout(out):
            try:
                result = click.prompt("Password", **kwargs)
            except click.Abort:
                result = "<aborted>"
    finally:
        termui.hidden_prompt_func, termui.visible_prompt_func = saved
    return result, consumed, out.getvalue()


# Enter at both prompts keeps the default: what the PR wants, and it works.
result, _, _ = run_prompt(["", ""], default="old-secret", hide_input=True, confirmation_prompt=True)
assert result == "old-secret", result

# A typed value, then Enter at the confirmation prompt: nothing confirms the typed value.
for hide_input in (True, False):
    result, consumed, output = run_prompt(
        ["n3w-pasword", "", "n3w-password", "n3w-password"],
        default="old-secret",
        hide_input=hide_input,
        confirmation_prompt=True,
    )
    assert result != "n3w-pasword", (
        f"hide_input={hide_input}: the typed value {result!r} was accepted after an empty"
        " confirmation; it was never entered a second time"
    )
    assert "do not match" in output and result == "n3w-password", (result, consumed, output)

# The option form (password_option with a default) behaves the same.
@click.command()
@click.password_option(default="old-secret")
def cli(password):
    return password


from click.testing import CliRunner

res = CliRunner().invoke(cli, input="typo-pass\n\n", standalone_mode=False)
assert res.return_value != "typo-pass", "password_option accepted 'typo-pass' confirmed by a bare Enter"
print("ok")
