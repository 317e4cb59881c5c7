"""The course's figures: functions that take data and return a :class:`Chart` (a matplotlib
figure with its text alternative and caption), never pyplot's global state."""

from .alsfrs_profile import alsfrs_profile
from .body_map import body_map
from .chart import Chart
from .disease_course import disease_course
from .mastery import mastery_chart
from .pressure_scale import pressure_scale

__all__ = [
    "Chart",
    "alsfrs_profile",
    "body_map",
    "disease_course",
    "mastery_chart",
    "pressure_scale",
]
