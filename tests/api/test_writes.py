"""Writes change the simulated router, and are sent again only when refused."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
import pytest

from custom_components.peplink.api import (
    PeplinkApiError,
    PeplinkConnectionError,
    PeplinkUnsupportedError,
    WanState,
)
from simulator import Fault, RouterSimulator
from tests.helpers import ClientFactory

# Seconds on the (frozen) event loop clock the simulated reboot takes.
DOWNTIME = 60


async def test_disable_and_enable_wan(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()

    await client.set_wan_enabled(2, False)
    assert (await client.get_wan_status()).wans[2].state is WanState.DISABLED
    await client.set_wan_enabled(2, True)
    assert (await client.get_wan_status()).wans[2].enabled is True

    writes = [
        r.function
        for r in simulator.request_log
        if r.method == "POST" and r.function != "login"
    ]
    assert writes == ["config.wan.connection", "cmd.config.apply"] * 2


async def test_write_retried_once_after_expiry(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()
    await client.login()
    simulator.expire_sessions()

    await client.set_wan_enabled(3, False)

    assert simulator.requests["config.wan.connection"] == 2
    assert simulator.requests["cmd.config.apply"] == 1
    assert simulator.logins == 2
    assert (await client.get_wan_status()).wans[3].state is WanState.DISABLED


async def test_wan_priority(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()
    await client.set_wan_priority(2, 3)
    assert (await client.get_wan_status()).wans[2].priority == 3


@pytest.mark.parametrize("profile", ["max"])
async def test_cellular_commands(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()

    await client.reset_cellular_module(3)
    await client.rescan_cellular_network(3)
    await client.send_sms(3, "+85235984335", "SMS Content")
    status = await client.set_access_point(False)

    assert simulator.state.module_resets == [3]
    assert simulator.state.sent_sms[-1]["address"] == "+85235984335"
    assert simulator.state.sent_sms[-1]["content"] == "SMS Content"
    assert status.enabled is False
    assert (await client.get_access_point()).enabled is False
    with pytest.raises(PeplinkApiError) as raised:
        await client.reset_cellular_module(1)
    assert raised.value.code == 3


@pytest.mark.parametrize("profile", ["max"])
async def test_new_billing_cycle(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()
    (wan_id, sim_id), allowance = next(iter((await client.get_allowances()).items()))
    assert allowance.usage

    await client.start_new_billing_cycle(wan_id, sim_id)

    assert (await client.get_allowances())[wan_id, sim_id].usage == 0


async def test_reboot(
    simulator: RouterSimulator,
    make_client: ClientFactory,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Down until the downtime passes on the loop clock, which only the test moves."""
    simulator.reboot_downtime = DOWNTIME
    client = make_client()
    uptime_before = (await client.get_wan_status()).wans[1].uptime

    await client.reboot()
    await simulator.wait_until_down()
    with pytest.raises(PeplinkConnectionError):
        await client.get_wan_status()
    assert simulator.rebooting
    # The loop runs a timer only once its clock is past it.
    freezer.tick(timedelta(seconds=DOWNTIME + 1))
    await simulator.wait_until_up()

    wans = (await client.get_wan_status()).wans
    assert uptime_before
    assert wans[1].uptime is not None
    assert wans[1].uptime < uptime_before
    assert simulator.requests["cmd.system.reboot"] == 1
    # The reboot ended the session: exactly one new sign-in.
    assert simulator.logins == 2


async def test_refused_apply_leaves_nothing_pending(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()
    simulator.inject("cmd.config.apply", Fault.HTTP_500, count=1)

    with pytest.raises(PeplinkApiError):
        await client.set_wan_enabled(2, False)

    assert simulator.requests["cmd.config.discard"] == 1
    assert simulator.state.pending_wan_config == {}
    # A later, unrelated change does not carry the refused one out.
    await client.set_wan_enabled(4, True)
    wans = (await client.get_wan_status()).wans
    assert wans[2].enabled is True
    assert wans[4].enabled is True


@pytest.mark.parametrize("profile", ["max"])
async def test_delete_sms(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    """One message part by id, then every message, of the SIM the inbox names."""
    client = make_client()
    inbox = await client.get_sms(3)
    assert [message.message_ids for message in inbox.messages] == [(1,), (2, 6)]

    await client.delete_sms(3, inbox.iccid, 1)
    assert [m.message_ids for m in (await client.get_sms(3)).messages] == [(2, 6)]
    await client.delete_sms(3, inbox.iccid, None)
    assert (await client.get_sms(3)).messages == ()

    bodies = [r.body for r in simulator.request_log if r.function == "cmd.sms.delete"]
    assert bodies == [
        {"connId": 3, "id": 1, "iccid": "1111111111111"},
        {"connId": 3, "id": "all", "iccid": "1111111111111"},
    ]
    with pytest.raises(PeplinkApiError) as raised:
        await client.delete_sms(3, inbox.iccid, 1)
    assert raised.value.code == 3


@pytest.mark.parametrize("profile", ["br1_5g"])
async def test_delete_sms_before_8_5_2(
    simulator: RouterSimulator, make_client: ClientFactory
) -> None:
    client = make_client()
    with pytest.raises(PeplinkUnsupportedError):
        await client.delete_sms(2, None, None)
    assert [m.sender for m in (await client.get_sms(2)).messages] == ["SFC"]
