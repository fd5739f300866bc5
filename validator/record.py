"""Small value classes, without ``dataclasses``.

``dataclasses`` writes each class's methods as source text and ``exec``s it when the module is
imported, and pulls in ``inspect`` (with ``ast`` and ``dis``): together about 15 ms of a
one-file run whose whole budget is 100 ms. A :class:`Record` gets the same behaviour from
plain methods: fields are the ``__slots__``, in order; ``_defaults`` gives the defaults of
trailing fields (a :class:`Factory` makes a fresh value each time); equality compares the
fields; a :class:`FrozenRecord` cannot be changed and hashes by value.
"""

from __future__ import annotations


class Factory:
    """A default made fresh for each instance (``Factory(list)``)."""

    __slots__ = ("make",)

    def __init__(self, make):
        self.make = make


class Record:
    __slots__ = ()
    _defaults: dict = {}

    def __init__(self, *args, **kwargs):
        names = self.__slots__
        if len(args) > len(names):
            raise TypeError("%s() takes %d arguments, %d given" % (type(self).__name__, len(names), len(args)))
        setter = object.__setattr__
        for name, value in zip(names, args):
            setter(self, name, value)
        for name in names[len(args):]:
            if name in kwargs:
                value = kwargs.pop(name)
            elif name in self._defaults:
                value = self._defaults[name]
                if type(value) is Factory:
                    value = value.make()
            else:
                raise TypeError("%s() is missing %r" % (type(self).__name__, name))
            setter(self, name, value)
        if kwargs:
            raise TypeError("%s() has no field %s" % (type(self).__name__, ", ".join(map(repr, kwargs))))

    def values(self):
        """The fields' values, in order."""
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.values() == other.values()

    __hash__ = None  # mutable: not a dictionary key

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__,
                           ", ".join("%s=%r" % (name, getattr(self, name)) for name in self.__slots__))


class FrozenRecord(Record):
    __slots__ = ()

    def __setattr__(self, name, value):
        raise AttributeError("cannot assign to field %r of a %s" % (name, type(self).__name__))

    def __delattr__(self, name):
        raise AttributeError("cannot delete field %r of a %s" % (name, type(self).__name__))

    def __hash__(self):
        return hash(self.values())


def replace(record, **changes):
    """A copy of ``record`` with some fields changed."""
    values = {name: getattr(record, name) for name in record.__slots__}
    values.update(changes)
    return type(record)(**values)


__all__ = ["Record", "FrozenRecord", "Factory", "replace"]
