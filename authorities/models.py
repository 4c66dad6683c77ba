"""Local authorities: identity, codes, region, reorganisations and statistical neighbours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .names import alias_codes


class Region(models.TextChoices):
    NORTH_EAST = "NE", "North East"
    NORTH_WEST = "NW", "North West"
    YORKSHIRE_AND_THE_HUMBER = "YH", "Yorkshire and the Humber"
    EAST_MIDLANDS = "EM", "East Midlands"
    WEST_MIDLANDS = "WM", "West Midlands"
    EAST_OF_ENGLAND = "E", "East of England"
    LONDON = "GL", "London"
    SOUTH_EAST = "SE", "South East"
    SOUTH_WEST = "SW", "South West"


class AuthorityType(models.TextChoices):
    COUNTY = "county", "County"
    UNITARY = "unitary", "Unitary authority"
    METROPOLITAN_DISTRICT = "metropolitan_district", "Metropolitan district"
    LONDON_BOROUGH = "london_borough", "London borough"


class AuthorityQuerySet(models.QuerySet):
    def active_on(self, day: dt.date) -> AuthorityQuerySet:
        return self.filter(
            Q(active_from__isnull=True) | Q(active_from__lte=day),
            Q(active_until__isnull=True) | Q(active_until__gte=day),
        )

    def current(self) -> AuthorityQuerySet:
        return self.filter(active_until__isnull=True)

    def for_detail(self) -> AuthorityQuerySet:
        return self.prefetch_related(
            "former_names", "predecessors", "successors", "neighbour_links__neighbour"
        )

    def matching(
        self,
        *,
        q: str = "",
        region: str = "",
        authority_type: str = "",
        include_former: bool = False,
    ) -> AuthorityQuerySet:
        """Found by name, former name or code (DfE, ONS, Ofsted URN), in a region, of a type;
        current authorities only unless `include_former`."""
        rows = self if include_former else self.current()
        if q := q.strip():
            by_code = Q(dfe_code=q) | Q(ons_code__iexact=q)
            if q.isascii() and q.isdigit():  # "²" and "①" are digits to isdigit(), not to int()
                by_code |= Q(ofsted_urn=int(q))
            # Also by the names the sources and searchers use ("St Helens", "Bucks", "BCP").
            by_code |= Q(dfe_code__in=alias_codes(q))
            former = FormerName.objects.filter(authority=OuterRef("pk"), name__icontains=q)
            rows = rows.filter(Q(name__icontains=q) | by_code | Exists(former))
        if region:
            rows = rows.filter(region=region)
        if authority_type:
            rows = rows.filter(authority_type=authority_type)
        return rows

    def for_compare(self) -> AuthorityQuerySet:
        """With statistical neighbours (closest first, their authorities joined) and
        predecessors: two queries whatever the number of authorities, for the compare page."""
        return self.prefetch_related(
            models.Prefetch(
                "neighbour_links",
                queryset=StatisticalNeighbour.objects.select_related("neighbour").order_by("rank"),
            ),
            "predecessors",
        )

    def in_order_of(self, slugs: list[str]) -> AuthorityQuerySet:
        """The authorities with these slugs in the slugs' order; unknown slugs are left out."""
        if not slugs:
            return self.none()
        position = models.Case(
            *[models.When(slug=slug, then=models.Value(i)) for i, slug in enumerate(slugs)],
            output_field=models.IntegerField(),
        )
        return self.filter(slug__in=slugs).order_by(position)


class Authority(models.Model):
    name = models.CharField(max_length=100, help_text="The name in the ONS register.")
    slug = models.SlugField(max_length=100, unique=True)
    dfe_code = models.CharField(
        "DfE code", max_length=3, unique=True, null=True, blank=True, help_text="e.g. 825"
    )
    ons_code = models.CharField(
        "ONS code", max_length=9, unique=True, null=True, blank=True, help_text="e.g. E06000060"
    )
    ofsted_urn = models.PositiveIntegerField(
        "Ofsted URN", unique=True, null=True, blank=True, help_text="e.g. 80442"
    )
    region = models.CharField(max_length=2, choices=Region.choices)
    authority_type = models.CharField(
        "type", max_length=24, choices=AuthorityType.choices, blank=True
    )
    population_0_25 = models.PositiveIntegerField("population aged 0–25", null=True, blank=True)
    active_from = models.DateField(
        null=True, blank=True, help_text="Empty when it existed before inspections began."
    )
    active_until = models.DateField(
        null=True, blank=True, help_text="Last day as a children's services authority."
    )
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, related_name="successors", blank=True
    )
    statistical_neighbours = models.ManyToManyField(
        "self",
        symmetrical=False,
        through="StatisticalNeighbour",
        through_fields=("authority", "neighbour"),
        related_name="+",
        blank=True,
    )

    # Neighbours have their own history (StatisticalNeighbour); predecessors are tracked here.
    history = HistoricalRecords(m2m_fields=[predecessors])
    objects = AuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"
        # The index lists by name a page at a time: read in order, not sorted whole.
        indexes = [models.Index(fields=["name"]), models.Index(fields=["region", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(dfe_code__isnull=True) | Q(dfe_code__regex=r"^[0-9]{3}$"),
                name="authority_dfe_code_three_digits",
                violation_error_message="A DfE code is three digits, e.g. 825.",
            ),
            models.CheckConstraint(
                condition=Q(ons_code__isnull=True) | Q(ons_code__regex=r"^E[0-9]{8}$"),
                name="authority_ons_code_format",
                violation_error_message="An ONS code is E and eight digits, e.g. E06000060.",
            ),
            models.CheckConstraint(
                condition=Q(region__in=Region.values), name="authority_region_valid"
            ),
            models.CheckConstraint(
                condition=Q(authority_type="") | Q(authority_type__in=AuthorityType.values),
                name="authority_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(active_from__isnull=True)
                | Q(active_until__isnull=True)
                | Q(active_until__gte=F("active_from")),
                name="authority_active_until_not_before_from",
                violation_error_message="An authority cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("authority", kwargs={"slug": self.slug})

    def name_on(self, day: dt.date | None) -> str:
        """The name the authority had on a date (Buckinghamshire County Council before 2020)."""
        if day is not None:
            for former in self.former_names.all():
                if former.used_until >= day and (
                    former.used_from is None or former.used_from <= day
                ):
                    return former.name
        return self.name

    @property
    def is_active(self) -> bool:
        return self.active_until is None

    def predecessors_problem(self, predecessor_ids: Iterable[int]) -> str | None:
        """Why linking these predecessors would make the authority its own predecessor, directly
        or through a chain of recorded reorganisations; None when it would not.

        Walks up from each new predecessor through the recorded links (one query per step of
        the longest chain: reorganisations chain two or three deep at most). The admin form and
        the model's guard on every link (predecessor_cycles_refused below) both ask here.
        """
        ids = set(predecessor_ids)
        if self.pk is not None and self.pk in ids:
            return f"{self} cannot be its own predecessor."
        if self.pk is None:
            return None  # a new authority is no one's predecessor yet
        links = Authority.predecessors.through.objects
        reached_from: dict[int, int | None] = dict.fromkeys(ids)
        frontier = ids
        while frontier and self.pk not in reached_from:
            step = links.filter(from_authority_id__in=frontier).values_list(
                "from_authority_id", "to_authority_id"
            )
            frontier = set()
            for successor_id, predecessor_id in step:
                if predecessor_id not in reached_from:
                    reached_from[predecessor_id] = successor_id
                    frontier.add(predecessor_id)
        if self.pk not in reached_from:
            return None
        chain = []  # from the authority back up to the new predecessor
        node = reached_from[self.pk]
        while node is not None:
            chain.append(node)
            node = reached_from[node]
        names = dict(Authority.objects.filter(pk__in=chain).values_list("pk", "name"))
        new_predecessor, *between = [names[pk] for pk in reversed(chain)]
        through = f" (through {', '.join(between)})" if between else ""
        return (
            f"{new_predecessor} cannot be a predecessor of {self}: {self} is already a "
            f"predecessor of {new_predecessor}{through}."
        )


@receiver(m2m_changed, sender=Authority.predecessors.through, dispatch_uid="predecessor-cycles")
def predecessor_cycles_refused(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Every link, from either side of the relation (the admin, the register import's
    reorganisations, any code), is checked before it is written: a cycle raises, nothing is
    linked."""
    if action != "pre_add" or not pk_set:
        return
    if reverse:  # instance.successors.add(*pk_set): instance becomes their predecessor
        pairs = [
            (successor, [instance.pk]) for successor in Authority.objects.filter(pk__in=pk_set)
        ]
    else:
        pairs = [(instance, pk_set)]
    for successor, predecessor_ids in pairs:
        if problem := successor.predecessors_problem(predecessor_ids):
            raise ValidationError({"predecessors": problem})


class FormerName(models.Model):
    """A name an authority had before a reorganisation that kept its codes and register row."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(max_length=100)
    used_from = models.DateField(null=True, blank=True)
    used_until = models.DateField()
    note = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["used_until"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="former_name_unique"),
            models.CheckConstraint(
                condition=Q(used_from__isnull=True) | Q(used_until__gte=F("used_from")),
                name="former_name_until_not_before_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (until {self.used_until:%Y})"


class StatisticalNeighbour(models.Model):
    """One of the DfE's ten statistical neighbours of an authority, closest first."""

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="neighbour_links"
    )
    neighbour = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(help_text="1 is the closest neighbour.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["authority", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "rank"], name="neighbour_rank_unique"),
            models.UniqueConstraint(
                fields=["authority", "neighbour"], name="neighbour_listed_once"
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1) & Q(rank__lte=10), name="neighbour_rank_1_to_10"
            ),
            models.CheckConstraint(
                condition=~Q(authority=F("neighbour")),
                name="neighbour_not_self",
                violation_error_message="An authority is not its own statistical neighbour.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority} → {self.neighbour} ({self.rank})"

    def clean(self) -> None:
        if self.authority_id and self.authority_id == self.neighbour_id:
            raise ValidationError("An authority is not its own statistical neighbour.")
