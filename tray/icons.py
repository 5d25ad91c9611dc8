"""The tray icon, drawn with Pillow: a coloured disc with a check, a pause sign or a cross, per state."""

from PIL import Image, ImageDraw

from tray.state import Protection

SIZE = 64
COLOURS: dict[Protection, str] = {
    "active": "#1d7a46",
    "starting": "#c08a00",
    "paused": "#6b7280",
    "stopped": "#6b7280",
    "error": "#b42318",
}


def icon_image(protection: Protection) -> Image.Image:
    """A 64×64 RGBA icon for a protection state."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((2, 2, SIZE - 3, SIZE - 3), fill=COLOURS[protection])
    white = "#ffffff"
    if protection == "active":
        draw.line((18, 33, 28, 44, 46, 21), fill=white, width=7, joint="curve")
    elif protection == "paused":
        draw.rectangle((21, 18, 28, 46), fill=white)
        draw.rectangle((36, 18, 43, 46), fill=white)
    elif protection == "starting":
        draw.ellipse((27, 27, 37, 37), fill=white)
    else:
        draw.line((20, 20, 44, 44), fill=white, width=7)
        draw.line((44, 20, 20, 44), fill=white, width=7)
    return image
