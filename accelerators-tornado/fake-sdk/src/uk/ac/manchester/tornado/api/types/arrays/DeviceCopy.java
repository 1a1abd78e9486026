package uk.ac.manchester.tornado.api.types.arrays;
/** FAKE (host emulation): what a device copy needs. */
public interface DeviceCopy { Object fresh(); void copyFrom(Object other); }
