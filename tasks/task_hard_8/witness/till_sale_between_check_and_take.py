# A till sale (its own server thread, see inventory/pos.py) lands between a web reservation's stock
# check and its decrement. The interleaving is forced with events, not left to timing: the hook on
# StockLevels.level lets the till thread run right after the reservation has read the level, and
# waits for it unless the till is blocked, in which case the order is already safe.
import threading

from inventory.pos import OutOfStockAtTill
from inventory.reservations import OutOfStock
from inventory.service import InventoryService

service = InventoryService({"desk-lamp": 3}, ["shop-1"])
stock = service.stock
checked = threading.Event()
till_done = threading.Event()
real_level = stock.level


def level_then_let_till_run(sku):
    value = real_level(sku)
    if threading.current_thread() is threading.main_thread() and not checked.is_set():
        checked.set()
        till_done.wait(2.0)
    return value


stock.level = level_then_let_till_run
outcomes = {}


def till_sale():
    checked.wait(5.0)
    try:
        service.tills["shop-1"].sell("desk-lamp", 2)
        outcomes["till"] = 2
    except OutOfStockAtTill:
        outcomes["till"] = 0
    till_done.set()


till = threading.Thread(target=till_sale)
till.start()
try:
    service.reservations.reserve("web-1001", "desk-lamp", 2)
    outcomes["web"] = 2
except OutOfStock:
    outcomes["web"] = 0
checked.set()
till.join(5.0)
stock.level = real_level

handed_out = outcomes["web"] + outcomes["till"]
on_hand = stock.level("desk-lamp")
assert handed_out <= 3, f"3 lamps in stock but {outcomes} were sold or held ({handed_out}); {on_hand} left on hand"
assert on_hand == 3 - handed_out and on_hand >= 0, f"stock level went to {on_hand}"
