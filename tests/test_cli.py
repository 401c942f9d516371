"""The healthcheck command: accounts, bank checks, cycles and teams from the shell."""

from healthcheck import accounts, cycles


def test_create_user_reads_password_from_stdin(runner, db):
    result = runner.invoke(
        args=["create-user", "Admin@Council.example", "--role", "admin", "--password-stdin"],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created administrator account admin@council.example" in result.output
    assert accounts.authenticate(db, "admin@council.example", "a long enough password")


def test_create_user_with_short_password_changes_nothing(runner, db):
    result = runner.invoke(
        args=["create-user", "a@council.example", "--role", "psw", "--password-stdin"], input="short\n"
    )
    assert result.exit_code == 1
    assert "Password must be 12 characters or more" in result.output
    assert accounts.find_user(db, "a@council.example") is None


def test_create_user_with_unknown_role_is_refused(runner, db):
    result = runner.invoke(
        args=["create-user", "a@council.example", "--role", "boss", "--password-stdin"], input="x" * 20
    )
    assert result.exit_code == 2
    assert "boss" in result.output
    assert accounts.list_users(db) == []


def test_check_bank_prints_one_line_per_standard(runner):
    result = runner.invoke(args=["check-bank"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert [line.split(" ")[1] for line in lines[:8]] == [str(n) for n in range(1, 9)]
    assert "39 steps" in lines[-1]


def test_check_bank_names_file_and_entry_of_a_broken_bank(runner, tmp_path):
    import shutil

    from healthcheck import questions

    broken = tmp_path / "bank"
    shutil.copytree(questions.default_bank_dir(), broken)
    steps = broken / "steps.toml"
    text = steps.read_text()
    steps.write_text(text.replace("number = 14\n", "number = 13\n", 1))
    result = runner.invoke(args=["check-bank", str(broken)])
    assert result.exit_code == 1
    assert "steps.toml" in result.output
    assert "step 13: appears 2 times" in result.output


def test_check_bank_of_a_missing_folder_says_so(runner, tmp_path):
    result = runner.invoke(args=["check-bank", str(tmp_path / "nowhere")])
    assert result.exit_code != 0
    assert "nowhere" in result.output


def test_cycles_create_list_and_teams_add(runner, db):
    result = runner.invoke(
        args=[
            "cycles",
            "create",
            "--name",
            "Health check 2026",
            "--slug",
            "hc-2026",
            "--capture-date",
            "2026-09-30",
            "--opens",
            "2027-10-01",
            "--closes",
            "2027-11-30",
            "--threshold",
            "6",
        ]
    )
    assert result.exit_code == 0, result.output
    cycle = cycles.get_cycle(db, "hc-2026")
    assert cycle["reporting_threshold"] == 6
    result = runner.invoke(
        args=[
            "teams",
            "add",
            "--cycle",
            "hc-2026",
            "--name",
            "Front Door",
            "--service",
            "Children",
            "--headcount",
            "12",
        ]
    )
    assert result.exit_code == 0, result.output
    listing = runner.invoke(args=["cycles", "list"])
    assert "hc-2026" in listing.output and "1 teams" in listing.output


def test_cycles_create_with_bad_date_names_the_option(runner, db):
    result = runner.invoke(
        args=[
            "cycles",
            "create",
            "--name",
            "X",
            "--slug",
            "x",
            "--capture-date",
            "30/09/2026",
            "--opens",
            "2027-10-01",
            "--closes",
            "2027-11-30",
        ]
    )
    assert result.exit_code == 1
    assert "--capture-date" in result.output and "real date" in result.output
    assert cycles.list_cycles(db) == []


def test_cycles_create_with_low_threshold_is_refused(runner, db):
    result = runner.invoke(
        args=[
            "cycles",
            "create",
            "--name",
            "X",
            "--slug",
            "x",
            "--capture-date",
            "2026-09-30",
            "--opens",
            "2027-10-01",
            "--closes",
            "2027-11-30",
            "--threshold",
            "2",
        ]
    )
    assert result.exit_code == 1
    assert "3 or more" in result.output
    assert cycles.list_cycles(db) == []


def test_teams_add_to_unknown_cycle_is_refused(runner, db):
    result = runner.invoke(
        args=["teams", "add", "--cycle", "nope", "--name", "A", "--service", "Adults", "--headcount", "3"]
    )
    assert result.exit_code == 1
    assert "no cycle called 'nope'" in result.output


def test_teams_add_with_text_headcount_is_refused(runner, make_cycle, db):
    cycle = make_cycle(teams=[])
    result = runner.invoke(
        args=["teams", "add", "--cycle", cycle["slug"], "--name", "A", "--service", "Adults", "--headcount", "twelve"]
    )
    assert result.exit_code == 1
    assert "--headcount" in result.output and "whole number" in result.output
    assert cycles.teams_for(db, cycle["id"]) == []
